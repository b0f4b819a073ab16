/**
 * Switchboard's public API, grouped by audience. Import from here; deeper paths are internal and
 * may change between versions.
 */

export type { BotLogic } from '../adapters/channel-adapter';
// ── Building adapters and stores ───────────────────────────────────────────────────────────────
export { ChannelAdapter } from '../adapters/channel-adapter';
export { ActionRegistry, defineAction } from './actions/action-registry';
export { renderTemplate } from './actions/template';
export { createDialogBot } from './bot/dialog-bot';
// ── People: handoff and the agent console ──────────────────────────────────────────────────────
export { createHandoff } from './bot/handoff/create-handoff';
export { getNluResult, NluMiddleware } from './bot/nlu/nlu-middleware';
export { OnnxIntentRecognizer } from './bot/nlu/onnx-intent-recognizer';
export { createPipeline, installPipeline, PIPELINE_STAGES } from './bot/pipeline';
export { replyActivity } from './bot/reply-activity';
// ── Testing your bot ───────────────────────────────────────────────────────────────────────────
export { ConversationHarness } from './bot/testing/conversation-harness';
export { runConversationScript } from './bot/testing/conversation-runner';
export { loadConversationScript } from './bot/testing/conversation-script';
// ── Common: run a bot ──────────────────────────────────────────────────────────────────────────
export { loadConfig, redactConfig } from './config/load-config';
export type { ConfigInput, SwitchboardConfig } from './config/schema';
export * from './errors';
export { HandoffService } from './handoff/handoff-service';
export { createLogger, createSilentLogger } from './logging/logger';
export { IntentModel } from './nlu/intent-model';
export { ModelRegistry } from './nlu/model-registry';
// ── Understanding: NLU and answers ─────────────────────────────────────────────────────────────
export { NluEngine } from './nlu/nlu-engine';
export type { Entity, NluResult } from './nlu/types';
export { renderSlack } from './rendering/render-slack';
export { renderSms } from './rendering/render-sms';
export { renderVoice } from './rendering/render-voice';
export { renderWeb } from './rendering/render-web';
export type { ChannelKind, Choice, Reply } from './rendering/reply';
export { AgentAssist } from './retrieval/agent-assist';
export { AnswerRetriever } from './retrieval/answer-retriever';
export { KnowledgeBaseWatcher } from './retrieval/knowledge-base-watcher';
export type { ChannelPlugin, ChannelRuntime } from './server/channel-plugin';
export type { BotFactoryContext, SwitchboardServerOptions } from './server/switchboard-server';
export { SwitchboardServer } from './server/switchboard-server';
export type { DedupeStore, LockService, MessageBus, ReplyLog, StateServices, Storage } from './state/ports';
export { createStateServices } from './state/state-services';
