/*
 * Copy buttons on code blocks. Added by script, so a page without script shows none that would do
 * nothing; the code stays selectable either way. The result is announced through a live region.
 */
const headers = document.querySelectorAll<HTMLElement>('.code-block > .code-header');
if (headers.length > 0) {
  const status = document.createElement('span');
  status.className = 'sr-only';
  status.setAttribute('role', 'status');
  document.body.append(status);
  for (const header of headers) {
    const code = header.parentElement?.querySelector('pre');
    if (!code) continue;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'code-copy';
    button.textContent = 'Copy';
    const title = header.querySelector('.code-title')?.textContent;
    button.setAttribute('aria-label', title ? `Copy ${title}` : 'Copy code');
    button.addEventListener('click', () => {
      const done = (message: string): void => {
        button.textContent = message === 'Copied' ? 'Copied' : 'Copy';
        status.textContent = message;
        setTimeout(() => {
          button.textContent = 'Copy';
          status.textContent = '';
        }, 2000);
      };
      navigator.clipboard.writeText(code.textContent ?? '').then(
        () => done('Copied'),
        () => done('Copying failed: select the code and copy it instead'),
      );
    });
    header.append(button);
  }
}
