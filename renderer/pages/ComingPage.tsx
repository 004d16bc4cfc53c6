/** A page whose engine has not landed yet: says what it will show and what to do meanwhile. */
export function ComingPage({ title, what }: { title: string; what: string }) {
  return (
    <main className="page">
      <h1>{title}</h1>
      <p className="empty">{what}</p>
    </main>
  );
}
