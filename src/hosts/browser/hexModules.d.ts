/**
 * Hex files imported as text (`import image from '….hex' with { type: 'text' }`): esbuild puts their
 * text in the bundle. Only the browser host imports them (bundledBoards.ts); Node reads the files.
 */
declare module '*.hex' {
  const text: string;
  export default text;
}
