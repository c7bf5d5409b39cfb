'use client';

// The same renderer for client components (the ticket dialog, comments, a description just edited); server
// components import markdown-static.tsx and send HTML only.
export { Markdown } from './markdown-static';
