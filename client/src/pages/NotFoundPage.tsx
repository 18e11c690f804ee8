import { Link } from '../router.tsx';

export function NotFoundPage() {
  return (
    <main className="centered-page">
      <section className="panel">
        <h1 className="error-panel-title">Page not found</h1>
        <p>
          There is nothing at this address. If you were sent a link to an assessment, open that link again.
        </p>
        <Link href="/">Go to staff sign-in</Link>
      </section>
    </main>
  );
}
