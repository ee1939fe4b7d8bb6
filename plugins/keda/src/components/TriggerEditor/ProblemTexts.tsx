/** One line per problem: two messages are never glued into one sentence. */
export function ProblemTexts({ texts }: { texts: string[] }) {
  return (
    <>
      {texts.map(e => (
        <span key={e} style={{ display: 'block' }}>
          {e}
        </span>
      ))}
    </>
  );
}
