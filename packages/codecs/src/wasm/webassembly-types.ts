/**
 * The WebAssembly types that zarrkit's declarations name (Module, Memory), for programs
 * that have neither the DOM lib nor a WebAssembly namespace from @types/node: without
 * this the published .d.ts would not compile there. Empty interfaces merge with the full
 * ones wherever those exist, so nothing changes for other programs.
 */
export {};

declare global {
  namespace WebAssembly {
    interface Module {}
    interface Memory {}
  }
}
