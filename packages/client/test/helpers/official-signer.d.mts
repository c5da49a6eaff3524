export interface OfficialInput {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  regionId: string;
  accessKeyId: string;
  secretAccessKey: string;
  service?: string;
  date: Date;
  nonce: string;
  host?: string;
}
export interface OfficialOutput {
  authorization: string;
  canonicalRequest: string;
  stringToSign: string;
}
export declare function officialRequest(input: Pick<OfficialInput, 'method' | 'url' | 'headers' | 'body' | 'regionId'>): unknown;
export declare function officialSign(input: OfficialInput): OfficialOutput;
export declare function officialSignPrepared(request: unknown, input: Omit<OfficialInput, 'method' | 'url' | 'headers' | 'body' | 'regionId'>): OfficialOutput;
