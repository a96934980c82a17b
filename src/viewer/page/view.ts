/// <reference lib="dom" />
import type { Overview } from '../types';

/** What every view gives back to the shell (./app.ts). */
export interface View {
  /** New data arrived (the overview's revision moved). */
  refresh?(): void;
  /** The overview, after every poll (choices for the filters). */
  overview?(overview: Overview): void;
  /** A key the shell did not handle; return true when used. */
  key?(event: KeyboardEvent): boolean;
}
