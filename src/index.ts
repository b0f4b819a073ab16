/**
 * Switchboard's public API, grouped by audience. Import from here; deeper paths are internal and
 * may change between versions.
 */

export type { BotLogic } from '../adapters/channel-adapter';
// ── Building adapters and stores ───────────────────────────────────────────────────────────────
export { ChannelAdapter } from '../adapters/channel-adapter';
export { ActionRegistry, defineAction } from './actions/action-registry';
export { renderTemplate } from './actions/template';
export type { AlertLog, SentimentAlert, SentimentScorer } from './analytics/alerts/alert';
export { createSentimentAlerts } from './analytics/alerts/create-sentiment-alerts';
export { NegativeSurgeDetector } from './analytics/alerts/surge-detector';
export type { AnalyticsEvent, AnalyticsEventType } from './analytics/analytics-event';
export type { MetricsQuery, MetricsRow } from './analytics/analytics-metrics';
export { AnalyticsRecorder } from './analytics/analytics-recorder';
export type { AnalyticsStore } from './analytics/analytics-store';
export { type AnalyticsWiring, createAnalytics } from './analytics/create-analytics';
export { customerProfile } from './analytics/customer-profile';
export { createSentimentScorer } from './analytics/sentiment/sentiment-scorer';
export { SqlAnalyticsStore } from './analytics/sql-analytics-store';
export { SqlTranscriptStore } from './analytics/sql-transcript-store';
export { reportTurnEvent } from './analytics/turn-analytics';
export type { AuditAction, AuditEntry, AuditLog, AuditQuery } from './audit/audit-log';
export { auditConfigChange } from './audit/config-change';
export { MemoryAuditLog } from './audit/memory-audit-log';
export { openAuditLog } from './audit/open-audit-log';
export { SqlAuditLog } from './audit/sql-audit-log';
export { createDialogBot } from './bot/dialog-bot';
// ── People: handoff and the agent console ──────────────────────────────────────────────────────
export { createHandoff } from './bot/handoff/create-handoff';
export { SentimentTriggerMiddleware } from './bot/handoff/sentiment-trigger';
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
export { openAgentDirectory } from './console/open-agent-directory';
export * from './errors';
export { HandoffService } from './handoff/handoff-service';
export { SqlAgentStore } from './handoff/sql-agent-store';
export { createLogger, createSilentLogger } from './logging/logger';
export { createMonitoring } from './monitoring/monitoring';
export { IntentModel } from './nlu/intent-model';
export { ModelRegistry } from './nlu/model-registry';
// ── Understanding: NLU and answers ─────────────────────────────────────────────────────────────
export { NluEngine } from './nlu/nlu-engine';
export type { Entity, NluResult } from './nlu/types';
export { createOutboundSender } from './outbound/create-outbound-sender';
export type { OutboundMessage, OutboundSender, OutboundTransport } from './outbound/outbound-sender';
export { adminCustomersRouter } from './privacy/admin-customers-router';
export { AesGcmCipher, type EncryptionKeyConfig } from './privacy/aes-gcm-cipher';
export type { CustomerDataSource, CustomerIdentity, CustomerRef, TextCipher } from './privacy/customer-data';
export { CustomerDataService } from './privacy/customer-data-service';
export { customerFromIds, hashCustomerRef } from './privacy/customer-ref';
export { EncryptingStorage } from './privacy/encrypting-storage';
export { applyPrivacyConfig, withEncryptedStorage } from './privacy/privacy-runtime';
export { configurePiiRedaction, findPii, PiiRedactor, redactPii } from './privacy/redact';
export { RetentionJob, type RetentionTarget, scheduleRetention } from './privacy/retention';
export { BotStateDataSource } from './privacy/sources/bot-state-data-source';
export { HandoffDataSource } from './privacy/sources/handoff-data-source';
export { SmsConsentDataSource } from './privacy/sources/sms-consent-data-source';
export { renderSlack } from './rendering/render-slack';
export { renderSms } from './rendering/render-sms';
export { renderVoice } from './rendering/render-voice';
export { renderWeb } from './rendering/render-web';
export type { ChannelKind, Choice, Reply } from './rendering/reply';
export { AgentAssist } from './retrieval/agent-assist';
export { AnswerRetriever } from './retrieval/answer-retriever';
export { KnowledgeBaseWatcher } from './retrieval/knowledge-base-watcher';
export { type ProcessRole, parseProcessRole } from './scale/process-role';
export type { WorkerHook } from './scale/worker-hooks';
export { sameOriginOnly } from './security/csrf';
export { pageHeaders } from './security/page-headers';
export { RateLimits } from './security/rate-limits';
export { requireRole } from './security/require-role';
export type { ChannelPlugin, ChannelRuntime } from './server/channel-plugin';
export type { BotFactoryContext, SwitchboardServerOptions } from './server/switchboard-server';
export { SwitchboardServer } from './server/switchboard-server';
export type { DedupeStore, LockService, MessageBus, ReplyLog, StateServices, Storage } from './state/ports';
export { createStateServices } from './state/state-services';
export { withWriteFence } from './state/write-fence';
