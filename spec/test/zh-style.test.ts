// The Chinese style check behind the lint rule jdcloud/zh-style and scripts/fix-zh-style.mjs.
import { describe, expect, it } from 'vitest';
import { zhStyleProblems } from '../plugins/zh-style.js';

describe('zhStyleProblems', () => {
  it('finds a space or a soft line break between Chinese characters', () => {
    expect(zhStyleProblems('云主机 实例').spaces).toHaveLength(1);
    expect(zhStyleProblems('实例会被拒绝，\n  返回错误').spaces).toEqual(['实例会被拒绝，\n  返回错误']);
    expect(zhStyleProblems('查询串中\n（filters）').spaces).toHaveLength(1);
  });

  it('leaves paragraph breaks, list items and spaces beside Latin text alone', () => {
    expect(zhStyleProblems('第一段。\n\n第二段。').spaces).toEqual([]);
    expect(zhStyleProblems('前提条件：\n- 实例须为运行中\n- 实例须存在\n1. 第一步').spaces).toEqual([]);
    expect(zhStyleProblems('云主机 ID 与 `running` 状态').spaces).toEqual([]);
  });

  it('names the term JD Cloud uses', () => {
    expect(zhStyleProblems('删除启动模板').terms).toEqual(['启动模板 → 实例模板']);
    expect(zhStyleProblems('删除实例模板').terms).toEqual([]);
  });
});
