import { ReactNode, useEffect, useRef, useState } from 'react';

/**
 * Mounts its children once they scroll near the viewport. A tab with many
 * workloads would otherwise draw every history chart and send every history
 * request at once, most of them for panels nobody has scrolled to yet.
 * Without IntersectionObserver (tests in jsdom) the children mount at once.
 */
export function WhenVisible({
  children,
  height,
}: {
  children: ReactNode;
  /** Space kept for the children until they mount, so the page does not jump. */
  height: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(
    () => typeof IntersectionObserver === 'undefined',
  );
  useEffect(() => {
    if (visible || !ref.current) return undefined;
    const observer = new IntersectionObserver(
      entries => {
        if (entries.some(e => e.isIntersecting)) setVisible(true);
      },
      { rootMargin: '400px 0px' },
    );
    observer.observe(ref.current);
    return () => observer.disconnect();
  }, [visible]);
  if (visible) return <>{children}</>;
  return <div ref={ref} style={{ minHeight: height }} />;
}
