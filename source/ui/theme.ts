import type { Side } from '../core/types.js';
import { PALETTE } from '../present/palette.js';
import { sideStyle, type Style } from '../present/tone.js';

let colour = true;

/**
 * NO_COLOR (or FORCE_COLOR=0) turns every semantic colour into none, once, before the first frame; bold and
 * inverse stay, so the mode badge still stands out.
 */
export function setColourOn(on: boolean): void {
  colour = on;
}

const named = (style: Style): string | undefined => (colour ? PALETTE[style] : undefined);

/** Semantic colours: components name a meaning, never a colour. */
export const theme = {
  get accent() {
    return named('accent');
  },
  get muted() {
    return named('muted');
  },
  get success() {
    return named('success');
  },
  get warning() {
    return named('warning');
  },
  get error() {
    return named('danger');
  },
};

export const styleColor = (style: Style | undefined): string | undefined => (style ? named(style) : undefined);

export const sideColor = (side: Side): string | undefined => styleColor(sideStyle(side));
