import { SignInPage } from '@backstage/core-components';
import type { SignInPageProps } from '@backstage/core-plugin-api';
import { useEffect, useRef } from 'react';

/**
 * Guest sign-in where Enter signs in right away, as the README says: Enter
 * anywhere on the page that is not on another control presses the guest
 * button. (Not by focusing the button: Material UI's button crashes when it
 * takes the focus before its ripple has mounted.)
 */
export function GuestSignInPage(props: SignInPageProps) {
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Enter' || event.defaultPrevented || event.repeat) {
        return;
      }
      // A focused button, link or field handles Enter itself.
      const target = event.target as HTMLElement | null;
      if (target?.closest?.('button, a, input, textarea, select')) return;
      const button = root.current?.querySelector<HTMLButtonElement>('button');
      if (button && !button.disabled) {
        event.preventDefault();
        button.click();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    // `display: contents`: the wrapper adds no box, the page lays out as before.
    <div ref={root} style={{ display: 'contents' }}>
      <SignInPage {...props} providers={['guest']} title="KEDA Portal" />
    </div>
  );
}
