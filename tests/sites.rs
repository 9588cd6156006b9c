//! Links as each site generator publishes them: one small repository per generator, written for
//! these tests, with links that work on the published site, links that are broken there, and
//! links relecture cannot see. Each test names the findings it expects, line by line, and the
//! links counted as unverifiable, which `check --verbose` lists.

#[allow(dead_code, reason = "each test binary uses a part of the shared helpers")]
mod support;

use support::contract::Report;
use support::{Repo, finding_lines, run_relecture};

/// A committed repository made of `spec`: sections `%% path` followed by the file's text.
fn site(spec: &str) -> Repo {
    let repo = Repo::new();
    for section in spec.split("\n%% ").map(|s| s.trim_start_matches("%% ")).filter(|s| !s.trim().is_empty()) {
        let (path, text) = section.split_once('\n').unwrap_or((section, ""));
        repo.write(path.trim(), &format!("{}\n", text.trim_matches('\n')));
    }
    repo.commit("site");
    repo
}

/// Checks the links of `repo` and asserts its findings (`path:line rule`) and its unverifiable
/// links (`path:line`), in the JSON report and in the text report of `check --verbose`.
fn assert_links(repo: &Repo, findings: &[&str], unverifiable: &[&str]) {
    let args = ["check", "--select", "links", "--no-cache", "--format", "json", "--verbose"];
    let out = run_relecture(repo.path(), &args);
    assert_eq!(finding_lines(&out), findings, "{}", out.stdout);
    let report: Report = serde_json::from_str(&out.stdout).expect("a JSON report");
    let listed: Vec<String> =
        report.unverifiable.iter().map(|link| format!("{}:{}", link.path, link.range.start.line)).collect();
    assert_eq!(listed, unverifiable, "{}", out.stdout);
    assert_eq!(report.summary.unverifiable_links, unverifiable.len());
    let text = run_relecture(repo.path(), &["check", "--select", "links", "--no-cache", "--verbose"]).stdout;
    let shown: Vec<&str> = text
        .lines()
        .filter_map(|line| line.strip_prefix("unverifiable "))
        .filter_map(|line| line.split_once(": ")?.0.rsplit_once(':').map(|(place, _column)| place))
        .collect();
    assert_eq!(shown, unverifiable, "{text}");
    let quiet = run_relecture(repo.path(), &["check", "--select", "links", "--no-cache", "--format", "json"]);
    let report: Report = serde_json::from_str(&quiet.stdout).expect("a JSON report");
    assert!(report.unverifiable.is_empty(), "only --verbose lists unverifiable links");
    assert_eq!(report.summary.unverifiable_links, unverifiable.len());
}

#[test]
fn hugo_single_language_site() {
    let repo = site(
        r#"
%% hugo.toml
baseURL = "https://example.org/"
title = "Field notes"

%% content/_index.md
# Home

[Posts](posts/) and [the first post](/posts/first-post/), [the bundle](posts/bundle/).
[The logo](/images/logo.png), [the bundle's map](/posts/bundle/map.png).
[Moved](/old/first/) is an alias. [Mixed case](/posts/camelcase/) as Hugo lowercases it.
[Posts' intro](/posts/#about-posts).

%% content/posts/_index.md
# Posts

## About posts

%% content/posts/first-post.md
---
title: First post
aliases: [/old/first/]
---
# First post

## Getting started

[Second](../second-post/) from the page URL, [the bundle](../bundle/#the-map), [again](/posts/second-post/#details).
[Back home](/), [the section](../), [top](#), [start](#getting-started).
[Nowhere](../third-post/), [gone](/posts/gone/), [no image](/images/missing.png), [wrong anchor](../second-post/#nope).
[A file link](second-post.md) as GitHub reads it.
[Parameter](<{{% param "repo" %}}/x>) is filled in when the site is built.

%% content/posts/second-post.md
# Second post

## Details

[First](../first-post/#getting-started), [a folder's fragment](/posts/#nope).

%% content/posts/CamelCase.md
# Camel

%% content/posts/bundle/index.md
# Bundle

## The map

![Map](map.png) ![Missing](missing.png) [first](../first-post/)

%% content/posts/bundle/map.png
png

%% static/images/logo.png
png
"#,
    );
    assert_links(
        &repo,
        &[
            "content/posts/bundle/index.md:5 broken-link",
            "content/posts/first-post.md:11 broken-link",
            "content/posts/first-post.md:11 broken-link",
            "content/posts/first-post.md:11 broken-link",
            "content/posts/first-post.md:11 missing-anchor",
            "content/posts/second-post.md:5 missing-anchor",
        ],
        &["content/posts/first-post.md:13"],
    );
}

/// Hugo with `contentDir` per language: the default language at the root, French under `/fr/`;
/// a translated page bundle uses the default language's image it lacks; a French page missing
/// is broken, the English anchor is not the French page's.
#[test]
fn hugo_multilingual_site_with_a_content_folder_per_language() {
    let repo = site(
        r#"
%% hugo.toml
baseURL = "https://example.org/"
defaultContentLanguage = "en"
[languages.en]
contentDir = "content/en"
weight = 1
[languages.fr]
contentDir = "content/fr"
weight = 2

%% content/en/_index.md
# Home

[Install](docs/install/), [French install](/fr/docs/install/), [diagram](/docs/install/diagram.png).

%% content/en/docs/install/index.md
# Install

## Requirements

![Diagram](diagram.png) [Home](../../), [French](/fr/docs/install/#prérequis).

%% content/en/docs/install/diagram.png
png

%% content/fr/_index.md
# Accueil

[Installer](docs/install/), [English](/docs/install/#requirements), [absent](/fr/docs/usage/).

%% content/fr/docs/install/index.md
# Installer

## Prérequis

![Schéma](diagram.png) [accueil](/fr/), [ailleurs](/fr/docs/install/#requirements), [l'image](/fr/docs/install/diagram.png).
![Absente](schema.png)
"#,
    );
    assert_links(
        &repo,
        &[
            "content/fr/_index.md:3 broken-link",
            "content/fr/docs/install/index.md:5 missing-anchor",
            "content/fr/docs/install/index.md:6 broken-link",
        ],
        &[],
    );
}

/// Hugo with `config/_default/` and module mounts: each language's folder mounted as content,
/// the specification mounted from a folder the repository does not hold (a submodule not checked
/// out) is unverifiable; a mount without `lang` serves the default language only.
#[test]
fn hugo_site_with_a_config_folder_and_module_mounts() {
    let repo = site(
        r"
%% config/_default/hugo.yaml
baseURL: https://example.org/
defaultContentLanguage: en
languages:
  en:
    weight: 1
  ja:
    weight: 2

%% config/_default/module.yaml
mounts:
  - source: content/en
    target: content
  - source: content/ja
    target: content
    lang: ja
  - source: tmp/specification
    target: content/docs/specs
  - source: static
    target: static

%% content/en/_index.md
# Home

[Guide](docs/guide/), [Japanese guide](/ja/docs/guide/), [the trace spec](/docs/specs/trace/#spans), [logo](/logo.png).
[Missing](/docs/missing/), [gone in Japanese](/ja/docs/gone/).

%% content/en/docs/guide.md
# Guide

[Specs](../specs/), [home](../../), [logo](/logo.png), [bad](../guid/).

%% content/ja/docs/guide.md
# ガイド

[仕様](/docs/specs/overview/), [English](/docs/guide/), [ホーム](/ja/).
[Not mounted in Japanese](../specs/overview/).

%% static/logo.png
png
",
    );
    assert_links(
        &repo,
        &[
            "content/en/_index.md:4 broken-link",
            "content/en/_index.md:4 broken-link",
            "content/en/docs/guide.md:3 broken-link",
            "content/ja/docs/guide.md:4 broken-link",
        ],
        &["content/en/_index.md:3", "content/en/docs/guide.md:3", "content/ja/docs/guide.md:3"],
    );
}

/// Jekyll with `permalink: pretty`: pages at `/about/`, the `recipes` collection at
/// `/recipes/soup/`, a dated post at `/2024/01/15/hello/`, `redirect_from` of
/// jekyll-redirect-from; links between them as the browser resolves them from each page's URL.
#[test]
fn jekyll_site_with_pretty_permalinks_a_collection_and_posts() {
    let repo = site(
        r"
%% _config.yml
title: Kitchen
permalink: pretty
collections:
  recipes:
    output: true

%% index.md
---
title: Home
---
# Home

[About](/about/), [the soup](/recipes/soup/#ingredients), [hello](/2024/01/15/hello/).
[About's file](about.md), [a logo](/assets/logo.png), [old about](/about-us/).
[Nope](/contact/), [no recipe](/recipes/cake/), [no anchor](/about/#history), [no image](/assets/none.png).
[Posts by date](/2024/01/16/bye/).

%% about.md
---
title: About
redirect_from:
  - /about-us/
---
# About

## Team

[Home](../), [soup](../recipes/soup/), [team](#team), [top](#top).

%% _recipes/soup.md
---
title: Soup
---
# Soup

## Ingredients

[Back](../../about/#team), [hello](../../2024/01/15/hello/), [wrong](../soup/#steps).

%% _posts/2024-01-15-hello.md
---
title: Hello
---
# Hello

[The soup](/recipes/soup/), [about](../../../../about/), [liquid](<{{ site.baseurl }}/about/>).

%% assets/logo.png
png
",
    );
    assert_links(
        &repo,
        &[
            "_recipes/soup.md:8 missing-anchor",
            "index.md:8 broken-link",
            "index.md:8 broken-link",
            "index.md:8 missing-anchor",
            "index.md:8 broken-link",
            "index.md:9 broken-link",
        ],
        &["_posts/2024-01-15-hello.md:6"],
    );
}

/// Zola: `@/` links name content files (and are broken when the file is missing), `path`
/// replaces a page's URL, `aliases` keep old URLs, a dated file name is left out of the URL,
/// colocated images live beside their page; taxonomy pages are made by Zola: unverifiable.
#[test]
fn zola_site_with_internal_links_aliases_and_paths() {
    let repo = site(
        r#"
%% config.toml
base_url = "https://example.org"
title = "Notes"
taxonomies = [{ name = "tags" }]

%% content/_index.md
+++
title = "Home"
+++
# Home

[Blog](@/blog/_index.md), [the first post](@/blog/first.md#setup), [about](/about-us/), [logo](/logo.png).
[Posts on Rust](/tags/rust/), [old address](/blog/premier/), [the dated post](/blog/hello/), [bundle](/blog/trip/#the-road).
[Missing page](@/blog/none.md), [missing anchor](@/blog/first.md#nope), [nowhere](/blog/nowhere/).

%% content/about.md
+++
title = "About"
path = "about-us"
+++
# About

[Home](/), [the first post](../blog/first/) as the browser resolves it from /about-us/.

%% content/blog/_index.md
+++
title = "Blog"
+++
# Blog

%% content/blog/first.md
+++
title = "First"
aliases = ["/blog/premier/"]
+++
# First

## Setup

[Trip](../trip/), [its photo](../trip/photo.jpg), [about](@/about.md), [hello](../hello/).
[No photo](../trip/none.jpg), [typo](../frist/), [outside](../../../x/).

%% content/blog/2024-01-15-hello.md
+++
title = "Hello"
+++
# Hello

[First](@/blog/first.md), [setup](../first/#setup).

%% content/blog/trip/index.md
+++
title = "Trip"
+++
# Trip

## The road

![Photo](photo.jpg) ![Missing](missing.jpg)

%% content/blog/trip/photo.jpg
jpg

%% static/logo.png
png
"#,
    );
    assert_links(
        &repo,
        &[
            "content/_index.md:8 broken-link",
            "content/_index.md:8 missing-anchor",
            "content/_index.md:8 broken-link",
            "content/blog/first.md:10 broken-link",
            "content/blog/first.md:10 broken-link",
            "content/blog/first.md:10 broken-link",
            "content/blog/trip/index.md:8 broken-link",
        ],
        &["content/_index.md:7"],
    );
}

/// Docusaurus: docs at `/docs/` (number prefixes taken off, a page named as its folder its
/// index), links to `.md` files resolved from the file, URLs without a
/// trailing slash resolved by the browser, an absolute `slug` under `/docs/`, a French
/// translation under `/fr/docs/` where an untranslated page is the original; tag pages are
/// made by the docs plugin: unverifiable.
#[test]
fn docusaurus_site_with_docs_a_slug_and_a_translation() {
    let repo = site(
        r"
%% docusaurus.config.js
module.exports = {
  title: 'Widgets',
  url: 'https://example.org',
  baseUrl: '/',
  i18n: { defaultLocale: 'en', locales: ['en', 'fr'] },
};

%% docs/intro.md
# Introduction

## Install

[Setup](guides/setup.md#requirements), [the setup page](/docs/guides/setup), [started](/docs/start-here).
[The guides](./guides/), [reference](/docs/reference/), [the API](/docs/reference/api#calls), [API file](./02-reference/01-api.md), [pages tagged setup](/docs/tags/setup), [logo](/img/logo.png), [French](/fr/docs/intro#installer).
[Missing file](guides/nope.md), [missing page](/docs/nope), [wrong anchor](guides/setup.md#nope), [no image](/img/none.png).

%% docs/guides/index.md
# Guides

%% docs/guides/setup.md
# Setup

## Requirements

[Intro](../intro.md#install), [intro by URL](../intro), [started](../start-here), [top](#top).
[Broken by URL](../intr).

%% docs/getting-started.md
---
slug: /start-here
---
# Getting started

[Setup](./guides/setup.md).

%% i18n/fr/docusaurus-plugin-content-docs/current/intro.md
# Introduction

## Installer

[Réglages](/fr/docs/guides/setup), [absent](/fr/docs/absent), [English](/docs/intro#install).

%% docs/02-reference/reference.md
# Reference

%% docs/02-reference/01-api.md
# API

## Calls

[Index](../02-reference/reference.md), [as published](./), [broken](./cals).

%% static/img/logo.png
png
",
    );
    assert_links(
        &repo,
        &[
            "docs/02-reference/01-api.md:5 broken-link",
            "docs/guides/setup.md:6 broken-link",
            "docs/intro.md:7 broken-link",
            "docs/intro.md:7 broken-link",
            "docs/intro.md:7 missing-anchor",
            "docs/intro.md:7 broken-link",
            "i18n/fr/docusaurus-plugin-content-docs/current/intro.md:5 broken-link",
        ],
        &["docs/intro.md:6"],
    );
}

/// A Next.js site of Markdown pages: `src/content` at `/`, images from `public/`, `vercel.json`
/// redirects (one a pattern), heading ids written `{/*id*/}`; a dynamic route makes pages the
/// repository does not show: unverifiable.
#[test]
fn next_mdx_site_with_content_public_files_and_redirects() {
    let repo = site(
        r#"
%% package.json
{ "name": "docs", "dependencies": { "next": "15.0.0", "@next/mdx": "15.0.0" } }

%% next.config.js
module.exports = {};

%% vercel.json
{
  "redirects": [
    { "source": "/learn/old-tutorial", "destination": "/learn/tutorial" },
    { "source": "/docs/:path*", "destination": "/learn/:path*" }
  ]
}

%% src/content/index.md
# Home

[Tutorial](/learn/tutorial), [its state section](/learn/tutorial#adding-state), [learn](/learn), [diagram](/images/diagram.png).
[Old tutorial](/learn/old-tutorial), [old docs](/docs/anything/here), [a post](/blog/hello-world).
[Gone](/learn/gone), [wrong anchor](/learn/tutorial#nope), [no image](/images/none.png).

%% src/content/learn/index.md
# Learn

[Tutorial](/learn/tutorial#step-one), [home](/).

%% src/content/learn/tutorial.md
# Tutorial

## Step one {/*step-one*/}

## Adding state {/*adding-state*/}

[Learn](/learn), [step one](#step-one), [home image](/images/diagram.png), [typo](/lern/tutorial).
[A missing id](#step-two).

%% src/app/blog/[slug]/page.tsx
export default function Post() { return null; }

%% public/images/diagram.png
png
"#,
    );
    assert_links(
        &repo,
        &[
            "src/content/index.md:5 broken-link",
            "src/content/index.md:5 missing-anchor",
            "src/content/index.md:5 broken-link",
            "src/content/learn/tutorial.md:7 broken-link",
            "src/content/learn/tutorial.md:8 missing-anchor",
        ],
        &["src/content/index.md:4"],
    );
}

/// mdBook with `src = "text"`: `.md` links and `.html` links to chapters resolved from the file,
/// `README.md` published as `index.html`, a second book in `handbook/`; a link out of the book to
/// a file the book does not publish is unverifiable.
#[test]
fn mdbook_books_with_a_source_folder_and_a_second_book() {
    let repo = site(
        r#"
%% book.toml
[book]
title = "The Guide"
src = "text"

%% README.md
# The guide's repository

[The first chapter](text/chapter_1.md), [the handbook](handbook/src/intro.md#welcome).

%% text/SUMMARY.md
# Summary

- [Introduction](README.md)
- [Chapter 1](chapter_1.md)
- [Nested](nested/README.md)

%% text/README.md
# Introduction

[Chapter 1](chapter_1.md#first-steps), [as published](chapter_1.html#first-steps), [nested](nested/index.html).
[The diagram](images/diagram.png), [the repository's readme](../README.md).
[Missing chapter](chapter_2.md), [missing anchor](chapter_1.md#last-steps), [no image](images/none.png).
[Beside the book](../examples/demo.rs), [the handbook's intro](../handbook/src/intro.md).

%% text/chapter_1.md
# Chapter 1

## First steps

[Back](README.md), [published back](index.html), [down](#first-steps), [broken html](chapter_3.html).

%% text/nested/README.md
# Nested

[Up](../chapter_1.md), [bad](../chapter1.md).

%% text/images/diagram.png
png

%% handbook/book.toml
[book]
title = "Handbook"
language = "fr"

%% handbook/src/SUMMARY.md
# Summary

- [Intro](intro.md)

%% handbook/src/intro.md
# Bienvenue

## Welcome

[Le guide](../../text/chapter_1.md), [ici](#welcome), [absent](nulle-part.md).
"#,
    );
    assert_links(
        &repo,
        &[
            "handbook/src/intro.md:5 broken-link",
            "text/README.md:5 broken-link",
            "text/README.md:5 missing-anchor",
            "text/README.md:5 broken-link",
            "text/chapter_1.md:5 broken-link",
            "text/nested/README.md:3 broken-link",
        ],
        &["text/README.md:6"],
    );
}

/// MkDocs with `docs_dir: pages` and directory URLs: `.md` links resolved from the file (a wrong
/// `../usage.md` is broken even though the page's URL would find a file), other relative links
/// from the page's URL `/guide/install/` as the browser does; a macro is unverifiable.
#[test]
fn mkdocs_site_with_a_docs_dir_and_directory_urls() {
    let repo = site(
        r"
%% mkdocs.yml
site_name: Tools
site_url: https://example.org/
repo_url: https://github.com/example/tools
plugins:
  - macros
docs_dir: pages
nav:
  - Home: index.md
  - Guide: guide/install.md

%% pages/index.md
# Home

[Install](guide/install.md#requirements), [usage](guide/usage.md), [the guide](guide/), [logo](img/logo.png).
[Install's page](guide/install/), [site-absolute](/guide/usage/#options).
[Missing](guide/missing.md), [wrong anchor](guide/usage.md#nope), [no image](img/none.png).

%% pages/guide/index.md
# Guide

%% pages/guide/install.md
# Install

## Requirements

[Usage](usage.md#options), [usage as published](../usage/#options), [home](../../), [logo](../../img/logo.png).
[Bad page URL](../uses/), [bad file](../usage.md).

%% pages/guide/usage.md
# Usage

## Options

[Install](install.md), [home](../index.md), [the repository](<{{ config.repo_url }}/issues>).

%% pages/img/logo.png
png
",
    );
    assert_links(
        &repo,
        &[
            "pages/guide/install.md:6 broken-link",
            "pages/guide/install.md:6 broken-link",
            "pages/index.md:5 broken-link",
            "pages/index.md:5 missing-anchor",
            "pages/index.md:5 broken-link",
        ],
        &["pages/guide/usage.md:5"],
    );
}

/// A repository GitHub renders: links relative to the file, `/`-rooted links from the
/// repository's root, folder links (a fragment checked against the folder's README); links
/// two levels above the files lead to the repository's issues and wiki: unverifiable.
#[test]
fn plain_github_repository() {
    let repo = site(
        r"
%% README.md
# Widgets

## Install

[The guide](docs/guide.md#usage), [the docs folder](docs/), [its overview](docs/#overview), [the licence](LICENSE).
[From the root](/docs/guide.md), [a logo](/assets/logo.png), [install](#install), [the code](src/).
[Missing](docs/missing.md), [wrong anchor](docs/guide.md#nope), [folder's wrong anchor](docs/#nope), [no file](/assets/none.png).
[Issues](../../issues), [the wiki](../../wiki/Home), [above the files](../x.md).

%% LICENSE
MIT

%% docs/README.md
# Docs

## Overview

[Back](../README.md#install), [guide](guide.md), [up](..), [root](/README.md).

%% docs/guide.md
# Guide

## Usage

[Docs](./), [readme](../README.md#nope), [source](../src/lib.rs).

%% src/lib.rs
pub fn f() {}

%% assets/logo.png
png
",
    );
    assert_links(
        &repo,
        &[
            "README.md:7 broken-link",
            "README.md:7 missing-anchor",
            "README.md:7 missing-anchor",
            "README.md:7 broken-link",
            "README.md:8 broken-link",
            "docs/guide.md:5 missing-anchor",
        ],
        &["README.md:8", "README.md:8"],
    );
}

/// Jekyll with its default permalinks (`/about.html`) and `collections_dir: content`: the
/// `startups` collection (`output: true`) at `/startups/acme.html`, posts from `content/_posts`;
/// a collection without `output` is not published, so a link to it is broken.
#[test]
fn jekyll_site_with_default_permalinks_and_a_collections_dir() {
    let repo = site(
        r"
%% _config.yml
title: Startups
collections_dir: content
collections:
  startups:
    output: true
  drafts_notes:
    output: false

%% index.md
---
title: Home
---
# Startups

[Acme](/startups/acme.html), [its team](/startups/acme.html#team), [about](/about.html), [news](/2023/05/02/launch.html).
[An unpublished note](/drafts_notes/idea.html), [a missing startup](/startups/zeta.html).

%% about.md
# About

[Acme](startups/acme.html), [launch](2023/05/02/launch.html), [the file](index.md).

%% content/_startups/acme.md
# Acme

## Team

[Launch](../2023/05/02/launch.html), [Other](other.html).

%% content/_drafts_notes/idea.md
# Idea

%% content/_posts/2023-05-02-launch.md
# Launch

[Acme](/startups/acme.html#team), [wrong day](/2023/05/03/launch.html), [home](../../../index.html).
",
    );
    assert_links(
        &repo,
        &[
            "content/_posts/2023-05-02-launch.md:3 broken-link",
            "content/_startups/acme.md:5 broken-link",
            "index.md:7 broken-link",
            "index.md:7 broken-link",
        ],
        &[],
    );
}

/// `relecture site` prints what is detected and where from; `relecture init` writes it as a
/// commented configuration that changes nothing, and keeps a file that is already there.
#[test]
fn site_prints_the_model_and_init_writes_it_commented() {
    let repo = site(
        r#"
%% hugo.toml
baseURL = "https://example.org/docs/"
defaultContentLanguage = "fr"
[languages.fr]
contentDir = "content/fr"
[languages.en]
contentDir = "content/en"

%% content/fr/a.md
# A

[B](/en/b/)

%% content/en/b.md
# B
"#,
    );
    let text = run_relecture(repo.path(), &["site"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(text.stdout.starts_with("hugo site at the repository's root"), "{}", text.stdout);
    assert!(
        text.stdout.contains("content/en → /en/") && text.stdout.contains("(hugo.toml contentDir)"),
        "{}",
        text.stdout
    );
    let json = run_relecture(repo.path(), &["site", "--format", "json"]);
    let model: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(model["parts"][0]["generator"], "hugo");
    assert_eq!(model["parts"][0]["base_path"], "/docs/");

    let before = run_relecture(repo.path(), &["check", "--select", "links", "--format", "json"]).stdout;
    let init = run_relecture(repo.path(), &["init"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let written = std::fs::read_to_string(repo.path().join("relecture.toml")).unwrap();
    assert!(written.contains("# generator = \"hugo\"") && written.contains("[site]"), "{written}");
    // The shipped packs for the site's French, enabled before the first table.
    let packs = written.find("\npacks = [\"fr-typographie\", \"langage-clair\"]\n").expect("packs proposed");
    assert!(packs < written.find("\n[site]\n").unwrap(), "{written}");
    assert!(written.contains("# Also shipped: donnees-personnelles"), "{written}");
    // The site model is commented out, so it changes nothing: the same link findings.
    let after = run_relecture(repo.path(), &["check", "--select", "links", "--format", "json"]).stdout;
    let findings = |report: &str| serde_json::from_str::<serde_json::Value>(report).unwrap()["findings"].clone();
    assert_eq!(findings(&before), findings(&after));
    let again = run_relecture(repo.path(), &["init"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(repo.path().join("relecture.toml")).unwrap(), written);
}
