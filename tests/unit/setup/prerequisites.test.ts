import { describe, expect, it } from 'vitest';
import { installAbility, plan, type Found } from '../../../scripts/test-prerequisites.mjs';

const chromiumAt = (found: boolean, extra: Partial<Found['chromium']> = {}): Found['chromium'] => ({
  path: '/usr/bin/chromium',
  fromEnv: false,
  found,
  ...extra,
});
const canInstall = { possible: true };
const cannotInstall = { possible: false, why: 'not running as root' };

describe('test prerequisites: what npm test does before Vitest', () => {
  it('does nothing when Chromium and Java are there', () => {
    expect(plan({ chromium: chromiumAt(true), java: true, install: canInstall })).toEqual({ action: 'ready' });
    expect(plan({ chromium: chromiumAt(true), java: true, install: cannotInstall })).toEqual({ action: 'ready' });
  });

  it('installs exactly the missing Debian packages when it can', () => {
    expect(plan({ chromium: chromiumAt(false), java: true, install: canInstall })).toEqual({ action: 'install', packages: ['chromium'] });
    expect(plan({ chromium: chromiumAt(true), java: false, install: canInstall })).toEqual({
      action: 'install',
      packages: ['default-jre-headless'],
    });
    expect(plan({ chromium: chromiumAt(false), java: false, install: canInstall })).toEqual({
      action: 'install',
      packages: ['chromium', 'default-jre-headless'],
    });
  });

  it('stops with the command to run, and why it did not install, when it cannot', () => {
    const result = plan({ chromium: chromiumAt(false), java: false, install: cannotInstall });
    expect(result.action).toBe('stop');
    const message = result.action === 'stop' ? result.message : '';
    expect(message).toContain('sudo apt-get install chromium default-jre-headless');
    expect(message).toContain('not running as root');
    expect(message).toContain('HASHMARK_CHROMIUM');
  });

  it('names a Chromium found elsewhere on PATH instead of asking to install one', () => {
    const result = plan({ chromium: chromiumAt(false, { onPath: '/opt/bin/chromium' }), java: true, install: cannotInstall });
    expect(result.action === 'stop' && result.message).toContain('export HASHMARK_CHROMIUM=/opt/bin/chromium');
  });

  it('stops on a HASHMARK_CHROMIUM that names nothing, even where it could install: the tests would launch that path', () => {
    const result = plan({ chromium: chromiumAt(false, { path: '/nowhere/chrome', fromEnv: true }), java: true, install: canInstall });
    expect(result.action).toBe('stop');
    expect(result.action === 'stop' && result.message).toContain('/nowhere/chrome');
  });

  it('HASHMARK_NO_INSTALL and a PATH without apt-get rule installing out', () => {
    expect(installAbility({ ...process.env, HASHMARK_NO_INSTALL: '1' })).toEqual({ possible: false, why: 'HASHMARK_NO_INSTALL is set' });
    expect(installAbility({ PATH: '/nonexistent' }).possible).toBe(false);
  });
});
