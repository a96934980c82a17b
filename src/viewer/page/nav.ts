/// <reference lib="dom" />
let listHash = '#/';

/** The list remembers its filters' address so that going back from a trace keeps them. */
export function rememberListAddress(hash: string): void {
  listHash = hash || '#/';
}

export function backToList(): void {
  // Setting the hash it already has fires no hashchange: route explicitly then.
  if (location.hash === listHash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = listHash;
}
