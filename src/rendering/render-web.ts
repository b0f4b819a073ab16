import { choicesOf, type Reply, textFor } from './reply';

/** A reply as the web chat widget shows it. */
export interface WebRendering {
  text: string;
  buttons: Array<{ title: string; value: string }>;
}

/** Renders a reply for web chat: text (with the list as lines), choices as buttons. */
export function renderWeb(reply: Reply): WebRendering {
  const lines = [textFor(reply, 'webchat')];
  if (reply.list) {
    if (reply.list.title) lines.push(reply.list.title);
    for (const item of reply.list.items) lines.push(`• ${item.label}: ${item.value}`);
  }
  return {
    text: lines.join('\n'),
    buttons: choicesOf(reply).map((c) => ({ title: c.title, value: c.value })),
  };
}
