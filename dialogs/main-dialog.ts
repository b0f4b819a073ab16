import {
  ComponentDialog,
  type DialogTurnResult,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { ACME_TEXT, menuMessage } from './acme-messages';
import { type IntentReader, NONE_INTENT } from './intent';

/** Persisted dialog ids: changing one breaks conversations stored mid-dialog. Listed in docs/dialogs.md. */
export const MAIN_DIALOG_ID = 'main';
const ROUTE_STEP_ID = 'main.route';

/** A handler for one intent: sends replies and may begin a child dialog. */
export type IntentRoute = (step: WaterfallStepContext) => Promise<DialogTurnResult>;

/** Options of {@link MainDialog}. */
export interface MainDialogOptions {
  readIntent: IntentReader;
  /** Extra or replacement routes by intent name (later capabilities add forms and FAQ). */
  routes?: Record<string, IntentRoute>;
}

/**
 * The root of the demo bot: reads the turn's intent and routes it — greeting, help, goodbye,
 * anything else to the fallback. Each route is a small function; child dialogs are added by
 * registering them with {@link MainDialog.addDialog} and a route that begins them.
 */
export class MainDialog extends ComponentDialog {
  private readonly routes: Record<string, IntentRoute>;

  constructor(private readonly options: MainDialogOptions) {
    super(MAIN_DIALOG_ID);
    this.routes = { ...defaultRoutes(), ...options.routes };
    this.addDialog(new WaterfallDialog(ROUTE_STEP_ID, [(step) => this.route(step)]));
    this.initialDialogId = ROUTE_STEP_ID;
  }

  private async route(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = this.options.readIntent(step.context);
    const intent = result && !result.outOfScope ? result.intent : NONE_INTENT;
    const handler = this.routes[intent] ?? this.routes[NONE_INTENT];
    return handler ? handler(step) : step.endDialog();
  }
}

function reply(text: string, withMenu = false): IntentRoute {
  return async (step) => {
    await step.context.sendActivity(withMenu ? menuMessage(text) : text);
    return step.endDialog();
  };
}

function defaultRoutes(): Record<string, IntentRoute> {
  return {
    greeting: reply(ACME_TEXT.greeting),
    help: reply(ACME_TEXT.help, true),
    goodbye: reply(ACME_TEXT.goodbye),
    [NONE_INTENT]: reply(ACME_TEXT.fallback),
  };
}
