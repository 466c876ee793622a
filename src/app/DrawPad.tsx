import { useEffect, useRef } from 'react';
import { drawStrokes, type Point, type Stroke } from '../viz/strokes';

interface Props {
  strokes: Stroke[];
  onChange: (strokes: Stroke[]) => void;
  /** Label for assistive technology. */
  label: string;
}

/** Longest stroke kept, in samples; a longer one keeps its shape from the samples already taken. */
const MAX_POINTS = 5000;

function paint(canvas: HTMLCanvasElement, strokes: readonly Stroke[]): void {
  const side = Math.max(1, Math.round(canvas.clientWidth * window.devicePixelRatio));
  if (canvas.width !== side || canvas.height !== side) {
    canvas.width = side;
    canvas.height = side;
  }
  const ctx = canvas.getContext('2d');
  if (ctx) drawStrokes(ctx, strokes, side);
}

/**
 * The drawing surface: pointer events from mouse, touch and pen (one pointer at a time), strokes kept
 * in pad coordinates [0, 1] so the drawing survives resizes and pixel-ratio changes.
 */
export function DrawPad({ strokes, onChange, label }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const activePointer = useRef<number | null>(null);
  const strokesRef = useRef(strokes);

  // Keep the ref in step with the parent's strokes (Clear, Undo) and repaint.
  useEffect(() => {
    strokesRef.current = strokes;
    if (canvasRef.current) paint(canvasRef.current, strokes);
  }, [strokes]);

  // Repaint at the canvas's real pixel size when its size or the device pixel ratio changes.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const repaint = () => paint(canvas, strokesRef.current);
    const observer = new ResizeObserver(repaint);
    // The device-pixel box changes with the pixel ratio too (where the browser can say so).
    try {
      observer.observe(canvas, { box: 'device-pixel-content-box' });
    } catch {
      observer.observe(canvas);
    }
    let media: MediaQueryList | null = null;
    const watchRatio = () => {
      media?.removeEventListener('change', onRatio);
      media = window.matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
      media.addEventListener('change', onRatio);
    };
    const onRatio = () => {
      repaint();
      watchRatio();
    };
    watchRatio();
    // Browser zoom and emulated ratios change the ratio with a resize, not always a media event.
    window.addEventListener('resize', onRatio);
    return () => {
      observer.disconnect();
      media?.removeEventListener('change', onRatio);
      window.removeEventListener('resize', onRatio);
    };
  }, []);

  const commit = (next: Stroke[]) => {
    strokesRef.current = next;
    onChange(next);
  };

  // Pad coordinates, kept within a margin around the pad: a pointer dragged far off the pad (or a
  // bogus coordinate) adds nothing visible and must not blow up the numbers.
  const toPoint = (e: PointerEvent | React.PointerEvent): Point => {
    const rect = canvasRef.current!.getBoundingClientRect();
    const clamp = (v: number) => (Number.isFinite(v) ? Math.min(2, Math.max(-1, v)) : 0.5);
    return [clamp((e.clientX - rect.left) / rect.width), clamp((e.clientY - rect.top) / rect.height)];
  };

  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (activePointer.current !== null || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    activePointer.current = e.pointerId;
    try {
      e.currentTarget.setPointerCapture(e.pointerId);
    } catch {
      // The pointer is already gone (released before this handler ran): draw without capture.
    }
    commit([...strokesRef.current, [toPoint(e)]]);
  };

  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (e.pointerId !== activePointer.current) return;
    const all = strokesRef.current;
    const current = all[all.length - 1];
    if (!current || current.length >= MAX_POINTS) return;
    const events = e.nativeEvent.getCoalescedEvents?.() ?? [];
    const points = (events.length ? events : [e.nativeEvent]).map(toPoint);
    commit([...all.slice(0, -1), [...current, ...points].slice(0, MAX_POINTS)]);
  };

  const onPointerEnd = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (e.pointerId !== activePointer.current) return;
    activePointer.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
  };

  return (
    <canvas
      ref={canvasRef}
      className="draw-pad"
      data-testid="draw-canvas"
      aria-label={label}
      role="img"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerEnd}
      onPointerCancel={onPointerEnd}
      onLostPointerCapture={onPointerEnd}
    />
  );
}
