import { describe, expect, it } from 'vitest';
import { isDangerousUrl, liveMarkup, scanOutput } from './support.js';

// The hostile suite's verdicts rest on this scanner: it must see live markup where a browser would run it.
describe('the live-markup scanner', () => {
  it('flags scripts, handlers, code URLs, frames and refreshes a browser would act on', () => {
    for (const html of [
      '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="jav&#x09;ascript:alert(1)">a</a>',
      '<svg onload=alert(1)>', '<iframe srcdoc="x"></iframe>', '<object data=x></object>', '<embed src=x>',
      '<meta http-equiv=refresh content="0;url=javascript:alert(1)">', '<base href="javascript:x//">',
      '<form action=javascript:alert(1)>', '<div style="width: expression(alert(1))">', '<a href="data:text/html,x">d</a>',
      '<script src="https://evil.example/x.js"></script>', '<input type=image src=x>', '<script type="application/ld+json">{"a":"</script><script>alert(1)</script>',
    ]) expect(liveMarkup(html, 'f').length, html).toBeGreaterThan(0);
  });

  it('passes escaped text, safe links, theme scripts and JSON-LD', () => {
    const page = '<!doctype html><html><head><script type="module" src="/assets/theme.js"></script>'
      + '<script type="application/ld+json">{"headline":"\\u003cscript\\u003e"}</script></head>'
      + '<body><p>&lt;script&gt;alert(1)&lt;/script&gt;</p><a href="/posts/x/">x</a><img src="/a.png" alt="a">'
      + '<input type="checkbox" disabled></body></html>';
    expect(liveMarkup(page, 'f')).toEqual([]);
    expect(isDangerousUrl('https://example.com/javascript:x')).toBe(false);
    expect(isDangerousUrl(' \tJaVaScRiPt:alert(1)')).toBe(true);
  });

  it('finds nothing in an empty output folder', () => {
    expect(scanOutput('/nonexistent-hashmark-dir')).toEqual([]);
  });
});
