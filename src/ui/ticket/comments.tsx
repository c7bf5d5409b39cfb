'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { data, describeError } from '../client';
import { useWorkspace } from '../app-shell';
import { Avatar, Button, ErrorMessage, Field, Loading, Textarea, formatDate, relativeTime } from '../components';
import { Markdown } from '../markdown';
import { keys } from './queries';

export function Comments({
  ticketId,
  nameOf,
  canComment,
  canDeleteAny,
  myId,
}: {
  ticketId: string;
  nameOf: (id: string | null) => string;
  canComment: boolean;
  canDeleteAny: boolean;
  myId: string;
}) {
  const { client: api } = useWorkspace();
  const queryClient = useQueryClient();
  const comments = useQuery({
    queryKey: keys.comments(ticketId),
    queryFn: async () => (await data(api.GET('/tickets/{ticketId}/comments', { params: { path: { ticketId } } }))).data,
  });
  const [error, setError] = useState<string | null>(null);
  async function comment(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const body = String(new FormData(form).get('body') ?? '').trim();
    if (!body) return;
    try {
      await data(api.POST('/tickets/{ticketId}/comments', { params: { path: { ticketId } }, body: { body } }));
      form.reset();
      changed();
    } catch (e) {
      setError(describeError(e));
    }
  }
  const changed = () => {
    setError(null);
    void queryClient.invalidateQueries({ queryKey: keys.comments(ticketId) });
    void queryClient.invalidateQueries({ queryKey: keys.activity(ticketId) });
  };
  const author = (id: string | null) => (id ? nameOf(id) : 'API token');
  return (
    <section aria-labelledby={`comments-${ticketId}`} className="mt-8">
      <h3 id={`comments-${ticketId}`} className="mb-3 text-sm font-semibold">
        Comments{comments.data?.length ? <span className="ml-1 text-muted">{comments.data.length}</span> : null}
      </h3>
      <ErrorMessage error={error ?? (comments.error ? describeError(comments.error) : null)} className="mb-2" />
      {comments.isPending ? <Loading /> : null}
      {comments.data?.length === 0 ? <p className="text-sm text-muted">No comments yet.</p> : null}
      <ol className="comments flex flex-col gap-3">
        {comments.data?.map((comment) => (
          <li key={comment.id} className="flex gap-3">
            <Avatar name={author(comment.authorId)} label="" size="sm" className="mt-0.5" />
            <div className="min-w-0 flex-1 rounded-lg border border-border bg-surface px-3 py-2">
              <p className="mb-1 flex items-center gap-2 text-xs text-muted">
                <span className="font-semibold text-fg">{author(comment.authorId)}</span>
                <time dateTime={comment.createdAt} title={formatDate(comment.createdAt)}>
                  {relativeTime(comment.createdAt)}
                </time>
                {canDeleteAny || comment.authorId === myId ? (
                  <Button
                    variant="danger-ghost"
                    size="sm"
                    className="ml-auto h-6"
                    onClick={() =>
                      void data(
                        api.DELETE('/comments/{commentId}', { params: { path: { commentId: comment.id } } }),
                      ).then(changed, (e: unknown) => setError(describeError(e)))
                    }
                  >
                    Delete
                  </Button>
                ) : null}
              </p>
              <Markdown source={comment.body} />
            </div>
          </li>
        ))}
      </ol>
      {canComment ? (
        <form className="mt-3 flex flex-col gap-2" onSubmit={(event) => void comment(event)}>
          <Field label="Add a comment" hint="(Markdown)">
            <Textarea name="body" rows={3} maxLength={10000} required />
          </Field>
          <Button type="submit" className="self-start">
            Comment
          </Button>
        </form>
      ) : null}
    </section>
  );
}
