/** The part of s3rver 3.7's API the CronJob test uses (the package ships no types). */
declare module 's3rver' {
  interface S3rverOptions {
    address?: string;
    /** 0: a free port, reported by run(). */
    port?: number;
    silent?: boolean;
    directory: string;
    resetOnClose?: boolean;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }
  export default class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<{ address: string; family: string; port: number }>;
    close(): Promise<void>;
  }
}
