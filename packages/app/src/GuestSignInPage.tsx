import { SignInPage } from '@backstage/core-components';
import type { SignInPageProps } from '@backstage/core-plugin-api';
import { useEffect, useRef } from 'react';

/**
 * Guest sign-in where Enter signs in right away, as the README says: the
 * guest button gets the focus, and Enter anywhere on the page that is not
 * on another control presses it.
 */
export function GuestSignInPage(props: SignInPageProps) {
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const guestButton = () =>
      root.current?.querySelector<HTMLButtonElement>('button') ?? undefined;
    // The provider's button renders after its loader ran: focus it when it
    // appears, after that render committed (Material UI's ripple must be
    // mounted before its button takes the focus).
    let timer: ReturnType<typeof setTimeout> | undefined;
    const focusSoon = () => {
      timer = setTimeout(() => guestButton()?.focus(), 0);
    };
    const observer = new MutationObserver(() => {
      if (guestButton()) {
        observer.disconnect();
        focusSoon();
      }
    });
    if (guestButton()) focusSoon();
    else if (root.current) {
      observer.observe(root.current, { childList: true, subtree: true });
    }
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Enter' || event.defaultPrevented || event.repeat) {
        return;
      }
      // A focused button, link or field handles Enter itself.
      const target = event.target as HTMLElement | null;
      if (target?.closest?.('button, a, input, textarea, select')) return;
      const button = guestButton();
      if (button && !button.disabled) {
        event.preventDefault();
        button.click();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => {
      clearTimeout(timer);
      observer.disconnect();
      document.removeEventListener('keydown', onKeyDown);
    };
  }, []);

  return (
    // `display: contents`: the wrapper adds no box, the page lays out as before.
    <div ref={root} style={{ display: 'contents' }}>
      <SignInPage {...props} providers={['guest']} title="KEDA Portal" />
    </div>
  );
}
