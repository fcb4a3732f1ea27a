import { describe, expect, it } from 'vitest';
import { planAction } from '../../src/core/plan.js';
import type { PlatformAdapter, UpdateSupport } from '../../src/platforms/types.js';

const adapterWith = (updateSupport: UpdateSupport) => ({ name: 'Example', manageUrl: 'https://example.com/me', updateSupport }) as PlatformAdapter;
const published = { id: '1', url: 'https://example.com/p/1', contentHash: 'sha256:old' };

describe('planAction', () => {
  it('creates when there is no record', () => {
    expect(planAction(adapterWith('update'), undefined, 'sha256:new', false)).toEqual({ kind: 'create' });
  });

  it('sends nothing when the hash is unchanged, unless forced', () => {
    expect(planAction(adapterWith('update'), { ...published, contentHash: 'sha256:new' }, 'sha256:new', false)).toEqual({ kind: 'unchanged' });
    expect(planAction(adapterWith('update'), { ...published, contentHash: 'sha256:new' }, 'sha256:new', true)).toEqual({ kind: 'update', remoteId: '1' });
  });

  it('keeps a copy whose sources did not change as it is, even when xpost now renders it differently', () => {
    const sentFrom = { ...published, sourceHash: 'sha256:source' };
    expect(planAction(adapterWith('update'), sentFrom, 'sha256:new-rendering', false, 'sha256:source')).toEqual({ kind: 'unchanged' });
    expect(planAction(adapterWith('update'), sentFrom, 'sha256:new-rendering', false, 'sha256:edited')).toEqual({ kind: 'update', remoteId: '1' });
    expect(planAction(adapterWith('update'), sentFrom, 'sha256:new-rendering', true, 'sha256:source')).toEqual({ kind: 'update', remoteId: '1' });
    expect(planAction(adapterWith('update'), published, 'sha256:new', false, undefined)).toEqual({ kind: 'update', remoteId: '1' });
  });

  it('updates a changed post where the platform can', () => {
    expect(planAction(adapterWith('update'), published, 'sha256:new', false)).toEqual({ kind: 'update', remoteId: '1' });
  });

  it('never re-creates on a platform that cannot update, even when forced', () => {
    expect(planAction(adapterWith('none'), published, 'sha256:new', false)).toEqual({
      kind: 'blocked',
      reason: 'changed, Example cannot be updated: edit it at https://example.com/p/1',
    });
    expect(planAction(adapterWith('none'), { ...published, contentHash: 'sha256:new' }, 'sha256:new', true)).toEqual({ kind: 'unchanged' });
  });

  it('updates share platforms only with --force', () => {
    expect(planAction(adapterWith('on-force'), published, 'sha256:new', false).kind).toBe('blocked');
    expect(planAction(adapterWith('on-force'), published, 'sha256:new', true)).toEqual({ kind: 'update', remoteId: '1' });
  });

  it('reconciles when an earlier create may have happened', () => {
    expect(planAction(adapterWith('update'), { pendingCreate: { contentHash: 'x', startedAt: 'y' } }, 'sha256:new', false)).toEqual({ kind: 'reconcile' });
    expect(planAction(adapterWith('none'), { pendingCreate: { contentHash: 'x', startedAt: 'y' } }, 'sha256:new', true)).toEqual({ kind: 'create' });
  });
});
