/** The Acme Bank demo bot's wording, in one place so the conversation tests and docs can refer to it. */
export const ACME_TEXT = {
  welcome:
    "Hi, I'm the Acme Bank assistant. I can check your balance, block a lost card, dispute a charge or answer questions about our services. How can I help?",
  greeting: 'Hello! How can I help you today?',
  help: 'I can help with these, or just tell me in your own words:',
  goodbye: 'Thanks for banking with Acme. Goodbye!',
  fallback:
    "Sorry, I didn't get that. Could you say it another way? You can also ask for help to see what I can do.",
} as const;

/** The top-level choices offered with help and the welcome message. */
export const ACME_MENU = [
  'Check my balance',
  'Report a lost card',
  'Opening hours',
  'Talk to a person',
] as const;
