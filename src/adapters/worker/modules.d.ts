/** Files wrangler bundles as modules (wrangler.toml [[rules]] and its defaults): WebAssembly compiled, fonts as bytes. */
declare module '*.wasm' {
  const module: WebAssembly.Module
  export default module
}
declare module '*.ttf' {
  const bytes: ArrayBuffer
  export default bytes
}
