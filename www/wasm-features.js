// Which wasm build this browser runs: www/pkg (built with simd128) where WebAssembly SIMD
// validates, else www/pkg-nosimd (the scalar kernels) for older browsers (Safari before 16.4,
// Chrome before 91). Both builds share one JS glue (`make wasm` checks it), so only the .wasm
// URL differs. Works in a worker, on the page and in Node.
//
// Forcing the scalar build (to compare, or to work around a browser's SIMD bug): pass
// { simd: false }, or add `simd=0` to the query string of the page or worker URL, or set
// globalThis.STRIP_READER_SIMD = false before the reader loads.

// The smallest module using SIMD: (func (result v128) i32.const 0 i8x16.splat).
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, //       type section: () -> v128
  0x03, 0x02, 0x01, 0x00, //                         function section: one function of type 0
  0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x0b, // code: i32.const 0, i8x16.splat, end
]);

let simdSupported = null;

/** True when this engine validates WebAssembly SIMD (simd128). Computed once. */
export function wasmSimdSupported() {
  if (simdSupported === null) {
    try {
      simdSupported = typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
    } catch {
      simdSupported = false;
    }
  }
  return simdSupported;
}

/** The caller's wish from globalThis.STRIP_READER_SIMD or a `simd=0|1` query parameter, if any. */
function forced() {
  if (typeof globalThis.STRIP_READER_SIMD === 'boolean') return globalThis.STRIP_READER_SIMD;
  const search = globalThis.location && typeof globalThis.location.search === 'string' ? globalThis.location.search : '';
  const v = new URLSearchParams(search).get('simd');
  if (v === '0' || v === 'false' || v === 'off') return false;
  if (v === '1' || v === 'true' || v === 'on') return true;
  return undefined;
}

/**
 * The URL of the .wasm to load. `simd`: true, false, or undefined to decide (the forced choice,
 * else feature detection); asking for SIMD where it does not validate gives the scalar build.
 * `base`: the folder holding pkg/ and pkg-nosimd/ (default: www/, next to this file).
 * Resolves to { url, simd }.
 */
export async function wasmPackageUrl({ simd, base = new URL('./', import.meta.url) } = {}) {
  const want = simd === undefined ? forced() : simd;
  const use = want === false ? false : wasmSimdSupported();
  const dir = use ? 'pkg/' : 'pkg-nosimd/';
  return { url: new URL(`${dir}strip_reader_wasm_bg.wasm`, base), simd: use };
}
