/**
 * The files `hashmark init` writes. Only these: the theme (templates/, public/) comes from the
 * installed package until the blog adds its own folders.
 */

export const BLOG_SCRIPTS: Readonly<Record<string, string>> = {
  build: 'hashmark build',
  dev: 'hashmark dev',
  check: 'hashmark check',
  new: 'hashmark new',
};

/** The welcome post: a short tour of the sectioned format, dated `date` (YYYY-MM-DD). */
export function welcomePost(date: string): string {
  return `#title
Welcome to your new blog
#description
What a post file looks like, and what to do next.
#date
${date}
#tags
["Hashmark"]
#body

This post is \`content/welcome.md\`. Every \`.md\` file under \`content/\` is a post (those under
\`content/pages/\` are pages, such as an About page), made of sections: a line \`#name\`, then its
value on the lines below.

- \`#title\` and \`#date\` (\`YYYY-MM-DD\`) are required.
- \`#description\`, \`#tags\` (a JSON array such as \`["Notes", "Travel"]\`), \`#featured\` and
  \`#draft\` (\`true\` or \`false\`) are optional.
- \`#body\` comes last: everything after it is Markdown, with **bold**, \`code\`, lists, tables
  and fenced code blocks.

## Next steps

1. Set \`title\`, \`url\` and \`author\` in \`site.config.ts\`.
2. Run \`npm run new -- "My first post"\` to start a post dated today. It starts as a draft
   (\`#draft\` \`true\`): \`npm run dev\` shows it, \`npm run build\` leaves it out until you change
   that line to \`false\`.
3. Run \`npm run new -- --page "About"\` to add a page at \`/about/\`, shown in the header menu.
4. Run \`npm run dev\` to see the blog while you write, and \`npm run build\` to build it into \`dist/\`.

Delete this post when you no longer need it.
`;
}

export const SITE_CONFIG = `import { defineConfig } from 'hashmark';

// Every other setting is optional; "Site settings" in Hashmark's README lists them with their defaults.
export default defineConfig({
  title: 'My blog',
  description: 'A blog built with Hashmark.',
  author: { name: 'Your name' },
  // The origin the site is served from, for feeds, the sitemap and canonical links; a path such as
  // /blog/ goes in basePath. Until it is set, \`hashmark build\` warns. The GitHub Pages workflow
  // passes both on the command line.
  // url: 'https://blog.example.com',
});
`;

export const GITIGNORE = `node_modules/
dist/
.cache/
# What a build that was stopped leaves beside dist/; the next build removes it.
/.dist.hashmark-*
`;

/** Adapted from Hashmark's own deploy workflow. */
export const DEPLOY_WORKFLOW = `# Builds the blog and publishes it to GitHub Pages on every push to main.
# Settings → Pages → Source must be "GitHub Actions".
name: Deploy to GitHub Pages

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

# One deployment at a time; a newer push waits instead of cancelling one that is half published.
concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4

      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm

      # base_path is "" for a user site or custom domain and "/<repo>" for a project site; origin is the
      # https://… address Pages serves from (the custom domain when there is one).
      - id: pages
        uses: actions/configure-pages@v5

      # The render cache: posts whose Markdown did not change are not rendered again. The lock file is
      # part of the key, so a new Hashmark version starts from a fresh cache.
      - uses: actions/cache@v4
        with:
          path: .cache
          key: hashmark-\${{ runner.os }}-\${{ hashFiles('package-lock.json') }}-\${{ hashFiles('content/**', 'templates/**', 'public/**', 'site.config.ts') }}
          restore-keys: |
            hashmark-\${{ runner.os }}-\${{ hashFiles('package-lock.json') }}-
            hashmark-\${{ runner.os }}-

      - run: npm ci

      # --format github turns every problem (broken links included) into an annotation on the commit.
      - run: npm run build -- --format github --base "\${{ steps.pages.outputs.base_path }}/" --site-url "\${{ steps.pages.outputs.origin }}"

      - uses: actions/upload-pages-artifact@v3
        with:
          path: dist

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: \${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
`;
