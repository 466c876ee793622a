import { describe, expect, it } from 'vitest';
import { initialInput, inputReducer, UNDO_LIMIT, type InputAction, type InputHistory, type Picture } from './inputHistory';

const upload: Picture = { ink: { width: 1, height: 1, data: new Float32Array([1]) }, caption: 'Your image "3.png"' };
const run = (actions: InputAction[], start: InputHistory = initialInput()) => actions.reduce(inputReducer, start);

describe('inputReducer', () => {
  it('undoes a stroke drawn over an upload by bringing the upload back', () => {
    const s = run([
      { type: 'picture', picture: upload },
      { type: 'draw', strokes: [[[0.1, 0.1]]] },
      { type: 'draw', strokes: [[[0.1, 0.1], [0.5, 0.5]]] },
    ]);
    expect(s.picture).toBeNull();
    expect(s.strokes).toHaveLength(1);
    const undone = inputReducer(s, { type: 'undo' });
    expect(undone.picture).toBe(upload);
    expect(undone.strokes).toEqual([]);
    // And once more: back to the empty pad the upload replaced.
    const empty = inputReducer(undone, { type: 'undo' });
    expect(empty.picture).toBeNull();
    expect(empty.undo).toEqual([]);
  });

  it('treats a growing stroke as one action', () => {
    const s = run([
      { type: 'draw', strokes: [[[0, 0]]] },
      { type: 'draw', strokes: [[[0, 0], [1, 1]]] },
      { type: 'draw', strokes: [[[0, 0], [1, 1]], [[0.5, 0.5]]] },
      { type: 'draw', strokes: [[[0, 0], [1, 1]], [[0.5, 0.5], [0.6, 0.6]]] },
    ]);
    expect(s.undo).toHaveLength(2);
    expect(inputReducer(s, { type: 'undo' }).strokes).toEqual([[[0, 0], [1, 1]]]);
  });

  it('makes Clear undoable and ignores Clear on an empty pad', () => {
    const drawn = run([{ type: 'draw', strokes: [[[0.2, 0.2]]] }]);
    const cleared = inputReducer(drawn, { type: 'clear' });
    expect(cleared.strokes).toEqual([]);
    expect(inputReducer(cleared, { type: 'clear' })).toBe(cleared);
    expect(inputReducer(cleared, { type: 'undo' }).strokes).toEqual([[[0.2, 0.2]]]);
  });

  it('keeps a shared drawing as the start, with nothing to undo past it', () => {
    const start = initialInput([[[0.3, 0.3]]]);
    expect(inputReducer(start, { type: 'undo' })).toBe(start);
  });

  it('bounds the undo stack', () => {
    let s = initialInput();
    for (let i = 0; i < UNDO_LIMIT + 50; i++) s = inputReducer(s, { type: 'draw', strokes: [...s.strokes, [[i / 1000, 0]]] });
    expect(s.undo).toHaveLength(UNDO_LIMIT);
  });
});
