// The Chinese style check (@jdcloud-vm/spec/zh-style, also the spec's lint rule jdcloud/zh-style)
// and its report over the bundle.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { zhStyleProblems } from '@jdcloud-vm/spec/zh-style';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

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

describe('scripts/zh-style-report.mjs', () => {
  it('counts the texts of the bundle, and --check fails on a document with a fault', () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'zh-style-report.mjs')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^zh-style: \d+ Chinese texts; \d+ with a stray space/m);
    const broken = join(root, 'test', 'fixtures', 'zh-style-broken.yaml');
    const c = spawnSync(process.execPath, [join(root, 'scripts', 'zh-style-report.mjs'), '--check', '--list', broken], { encoding: 'utf8' });
    expect(c.status).toBe(1);
    expect(c.stdout).toContain('#/info/x-description-zh');
    expect(c.stdout).toMatch(/1 with a stray space.*1 with a term/);
  });
});
