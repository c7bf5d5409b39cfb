// next ships @vercel/nft compiled into its dist, without types: the part trace-scripts.mjs uses.
declare module 'next/dist/compiled/@vercel/nft' {
  export function nodeFileTrace(
    files: string[],
    options: { base: string },
  ): Promise<{ fileList: Set<string>; warnings: Set<Error> }>;
}
