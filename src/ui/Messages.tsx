/**
 * A section's outcome: an error in a `role="alert"` element and, where the section reports
 * one, what it did in a `role="status"` element. Both stay in the page while empty, so
 * screen readers announce them when they fill.
 */
export function Messages({ error, status }: { error: string | null; status?: string | null }) {
  return (
    <>
      <p class="m-alert" role="alert">
        {error}
      </p>
      {status !== undefined && (
        <p class="m-status done-msg" role="status">
          {status}
        </p>
      )}
    </>
  );
}
