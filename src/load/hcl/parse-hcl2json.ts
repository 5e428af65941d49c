/**
 * HashiCorp's parser (`@cdktf/hcl2json`), loaded on first use: importing it starts a Go
 * WebAssembly runtime (hundreds of milliseconds of CPU), which a run served from the disk cache
 * never needs.
 */
type Hcl2json = typeof import('@cdktf/hcl2json');

let loaded: Promise<Hcl2json> | undefined;

export function hcl2json(): Promise<Hcl2json> {
  loaded ??= import('@cdktf/hcl2json');
  return loaded;
}
