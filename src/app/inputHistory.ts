import type { InkImage } from '../models/preprocess';
import type { Stroke } from '../viz/strokes';

/** A picture to classify instead of the drawing, with a caption saying where it came from. */
export interface Picture {
  ink: InkImage;
  caption: string;
}

/** What is on the pad: strokes, or a picture (an upload or a sample digit), never both. */
export interface PadContent {
  strokes: Stroke[];
  picture: Picture | null;
}

/** The pad's content and what Undo brings back, newest last. */
export interface InputHistory extends PadContent {
  undo: PadContent[];
}

export type InputAction =
  /** The pad's strokes as they are now: a new stroke, or the last one growing. */
  | { type: 'draw'; strokes: Stroke[] }
  | { type: 'picture'; picture: Picture }
  | { type: 'clear' }
  | { type: 'undo' };

/** How many steps Undo can go back. */
export const UNDO_LIMIT = 200;

export function initialInput(strokes: Stroke[] = []): InputHistory {
  return { strokes, picture: null, undo: [] };
}

const isEmpty = (c: PadContent) => c.strokes.length === 0 && c.picture === null;

function remember(state: InputHistory): PadContent[] {
  return [...state.undo, { strokes: state.strokes, picture: state.picture }].slice(-UNDO_LIMIT);
}

/**
 * Every change a person makes to the pad can be undone, one action at a time: a stroke (the first
 * stroke over a picture replaces the picture, and Undo brings the picture back), a picture chosen,
 * and Clear. A stroke growing under the pen is part of the same action.
 */
export function inputReducer(state: InputHistory, action: InputAction): InputHistory {
  switch (action.type) {
    case 'draw': {
      const newStroke = action.strokes.length > state.strokes.length || state.picture !== null;
      return { strokes: action.strokes, picture: null, undo: newStroke ? remember(state) : state.undo };
    }
    case 'picture':
      return { strokes: [], picture: action.picture, undo: remember(state) };
    case 'clear':
      return isEmpty(state) ? state : { strokes: [], picture: null, undo: remember(state) };
    case 'undo': {
      const last = state.undo.at(-1);
      return last ? { ...last, undo: state.undo.slice(0, -1) } : state;
    }
  }
}
