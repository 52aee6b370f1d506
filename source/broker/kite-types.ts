/** Kite's wire shapes live in core (the snapshot is built from them); re-exported for the broker layer. */
export * from '../core/kite-types.js';
