/** workerd (wrangler's CompiledWasm rule) imports a `.wasm` file as a compiled module: the bench's workerd workers do. */
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}
