import { useCallback, useRef, useState } from 'react';

/** The height of an element, kept up to date as it wraps or grows (`fallback` until measured). */
export function useMeasuredHeight<F extends number | null>(
  fallback: F,
): [(element: HTMLElement | null) => void, number | F] {
  const [height, setHeight] = useState<number | F>(fallback);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((element: HTMLElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!element || typeof ResizeObserver === 'undefined') return;
    observer.current = new ResizeObserver(() => setHeight(element.getBoundingClientRect().height));
    observer.current.observe(element);
  }, []);
  return [ref, height];
}
