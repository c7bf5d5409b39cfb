import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';

/**
 * User-written Markdown, safe by default: react-markdown builds React elements (no innerHTML), raw HTML in the
 * source is not rendered (no rehype-raw), and link/image URLs go through its default transform, which drops
 * javascript: and other unsafe protocols.
 */
export function Markdown({ source }: { source: string }) {
  if (!source.trim()) return <p className="text-sm text-muted">No description.</p>;
  return (
    <div className="markdown">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        skipHtml
        components={{
          a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer nofollow" />,
          img: ({ node: _node, alt, src }) => <span className="text-muted">[image: {alt || String(src ?? '')}]</span>,
        }}
      >
        {source}
      </ReactMarkdown>
    </div>
  );
}
