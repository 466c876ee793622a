import { useState } from 'react';
import { saveFigure, type FigurePart } from '../viz/figureExport';

interface Props {
  /** What goes in the figure, read from the page when a button is pressed. */
  parts: () => FigurePart[];
  /** The figure's title line, e.g. "ResNet-18 (2015) reading a drawn digit". */
  title: string;
  /** The file's name without its extension. */
  name: string;
}

/** Two buttons that save what the view shows, with the digit's maps, as SVG or as PNG at 2×. */
export function SaveFigure({ parts, title, name }: Props) {
  const [error, setError] = useState<string | null>(null);
  const save = async (format: 'svg' | 'png') => {
    setError(null);
    try {
      const list = parts();
      if (!list.length) throw new Error('there is nothing drawn to save yet');
      await saveFigure(list, title, name, format);
    } catch (err) {
      setError(`Could not save the figure: ${(err as Error).message}. Try the other format, or a screenshot.`);
    }
  };
  return (
    <span className="save-figure" role="group" aria-label="Save this figure">
      <span className="save-label" aria-hidden="true">
        Save
      </span>
      <button type="button" className="link" data-testid="save-svg" onClick={() => void save('svg')} title="Save the figure as SVG, for slides and papers (scales without blur)">
        SVG
      </button>
      <button type="button" className="link" data-testid="save-png" onClick={() => void save('png')} title="Save the figure as a PNG at twice the screen's resolution">
        PNG
      </button>
      {error && (
        <span className="save-error" role="alert" data-testid="save-error">
          {error}
        </span>
      )}
    </span>
  );
}
