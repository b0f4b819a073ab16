import type { Storage } from 'botbuilder-core';
import type { SwitchboardConfig } from '../config/schema';
import type { StateServices } from '../state/ports';
import { AesGcmCipher } from './aes-gcm-cipher';
import { EncryptingStorage } from './encrypting-storage';
import { configurePiiRedaction } from './redact';
import type { KeyListingStorage } from './sources/bot-state-data-source';

/**
 * Applies the `privacy` section at start-up: the national id formats of the redactor, and the
 * cipher (when keys are configured). Returns the cipher for the stores that encrypt.
 */
export function applyPrivacyConfig(config: Pick<SwitchboardConfig, 'privacy'>): AesGcmCipher | undefined {
  const patterns = config.privacy.nationalIdPatterns;
  if (patterns) {
    configurePiiRedaction({
      nationalIds: patterns.map((p) => ({ name: p.name, pattern: new RegExp(p.pattern, 'g') })),
    });
  }
  const keys = config.privacy.encryptionKeys;
  return keys ? new AesGcmCipher(keys) : undefined;
}

/**
 * The state services with their `Storage` encrypting every document (conversation and user state,
 * conversation references, SMS consent) when a cipher is given; unchanged otherwise.
 *
 * @example const state = withEncryptedStorage(createStateServices({ redisUrl }), applyPrivacyConfig(config));
 */
export function withEncryptedStorage(state: StateServices, cipher: AesGcmCipher | undefined): StateServices {
  if (!cipher) return state;
  return Object.freeze({
    kind: state.kind,
    storage: new EncryptingStorage(state.storage, { cipher }),
    locks: state.locks,
    dedupe: state.dedupe,
    bus: state.bus,
    replies: state.replies,
    ready: () => state.ready(),
    close: () => state.close(),
  });
}

/** True when the storage can list its keys (needed to find a customer's state for erasure). */
export function canListKeys(storage: Storage): storage is KeyListingStorage {
  return typeof (storage as Partial<KeyListingStorage>).listKeys === 'function';
}
