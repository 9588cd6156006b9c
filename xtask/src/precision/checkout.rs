//! Checkouts of the corpora's git bundles, kept under `target/precision/` while the bundle's head is the same.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// A clean checkout of `bundle`'s head at `cache`: the one already there when its HEAD is the
/// bundle's and nothing in it was changed, else a fresh clone put in its place.
pub fn checkout(bundle: &Path, cache: &Path) -> Result<PathBuf> {
    let head = bundle_head(bundle)?;
    if cache.join(".git").is_dir() {
        // A run with packs left its own commit on top of the bundle's head: taken back, so that
        // the checkout is reused and the next run commits what it is given.
        let subject = git(cache, &["log", "-1", "--format=%s"]).unwrap_or_default();
        let parent = git(cache, &["rev-parse", "HEAD^"]).unwrap_or_default();
        if subject.trim() == OVERLAY_SUBJECT && parent.trim() == head {
            git(cache, &["reset", "--quiet", "--hard", &head])?;
        }
        let current = git(cache, &["rev-parse", "HEAD"]).unwrap_or_default();
        let changes = git(cache, &["status", "--porcelain", "--ignore-submodules"]);
        if current.trim() == head && changes.is_ok_and(|c| c.trim().is_empty()) {
            return Ok(cache.to_path_buf());
        }
    }
    // Cloned beside the cache and renamed into place, so that an interrupted clone is never taken
    // for a checkout.
    let parent = cache.parent().context("a cache folder has a parent")?;
    std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let partial = tempfile::Builder::new().prefix(".clone-").tempdir_in(parent)?;
    let clone = partial.path().join("repository");
    let cloned = Command::new("git")
        .args(["-c", "init.defaultBranch=main", "clone", "--quiet", "--no-checkout"])
        .arg(bundle)
        .arg(&clone)
        .status()
        .context("cannot run git")?;
    if !cloned.success() {
        bail!("git cannot clone {}", bundle.display());
    }
    // A bundle's HEAD may name no branch it carries: the head is checked out by its id.
    git(&clone, &["-c", "advice.detachedHead=false", "checkout", "--quiet", "--detach", &head])?;
    if cache.exists() {
        std::fs::remove_dir_all(cache).with_context(|| format!("cannot remove the stale {}", cache.display()))?;
    }
    std::fs::rename(&clone, cache).with_context(|| format!("cannot move the clone to {}", cache.display()))?;
    Ok(cache.to_path_buf())
}

/// The subject of the commit that [`overlay`] adds on top of a checkout.
const OVERLAY_SUBJECT: &str = "relecture precision: packs and language";

/// Commits into `checkout` the rule packs of the folder `packs` (as `lint-rules/`, the folder
/// relecture loads by default) and a `relecture.toml` declaring `language` as the default
/// language: what a maintainer who adopts the packs commits. Nothing when both are `None`.
pub fn overlay(checkout: &Path, packs: Option<&Path>, language: Option<&str>) -> Result<()> {
    if packs.is_none() && language.is_none() {
        return Ok(());
    }
    if let Some(packs) = packs {
        let target = checkout.join("lint-rules");
        std::fs::create_dir_all(&target).with_context(|| format!("cannot create {}", target.display()))?;
        let entries =
            std::fs::read_dir(packs).with_context(|| format!("cannot read the packs folder {}", packs.display()))?;
        for entry in entries {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "toml")
                && let Some(name) = path.file_name()
            {
                std::fs::copy(&path, target.join(name))
                    .with_context(|| format!("cannot copy {} into the checkout", path.display()))?;
            }
        }
    }
    if let Some(language) = language {
        let config = checkout.join("relecture.toml");
        if config.exists() {
            bail!("{} has its own relecture.toml: --language would replace it", checkout.display());
        }
        std::fs::write(&config, format!("[language]\ndefault = {language:?}\n"))
            .with_context(|| format!("cannot write {}", config.display()))?;
    }
    git(checkout, &["add", "--all"])?;
    // A fixed author and date: the same packs give the same commit, whatever the day.
    let output = Command::new("git")
        .arg("-C")
        .arg(checkout)
        .args([
            "-c",
            "user.name=relecture",
            "-c",
            "user.email=precision@relecture.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(["commit", "--quiet", "--allow-empty", "-m", OVERLAY_SUBJECT])
        .env("GIT_AUTHOR_DATE", "2000-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2000-01-01T00:00:00Z")
        .output()
        .context("cannot run git")?;
    if !output.status.success() {
        bail!(
            "git cannot commit the packs in {}: {}",
            checkout.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(())
}

/// The commit a bundle's HEAD names, else its first branch's.
fn bundle_head(bundle: &Path) -> Result<String> {
    let output = Command::new("git").args(["bundle", "list-heads"]).arg(bundle).output().context("cannot run git")?;
    if !output.status.success() {
        bail!("{} is not a git bundle: {}", bundle.display(), String::from_utf8_lossy(&output.stderr).trim());
    }
    let heads = String::from_utf8_lossy(&output.stdout);
    let refs: Vec<(&str, &str)> = heads.lines().filter_map(|line| line.split_once(' ')).collect();
    refs.iter()
        .find(|(_, name)| *name == "HEAD")
        .or_else(|| refs.first())
        .map(|(id, _)| (*id).to_string())
        .with_context(|| format!("{} carries no branch", bundle.display()))
}

fn git(dir: &Path, args: &[&str]) -> Result<String> {
    let output = Command::new("git").arg("-C").arg(dir).args(args).output().context("cannot run git")?;
    if !output.status.success() {
        bail!("git {} failed in {}: {}", args.join(" "), dir.display(), String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main"])
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(status.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&status.stderr));
    }

    /// A bundle of a one-commit repository whose only article says `text`.
    fn bundle(dir: &Path, text: &str) -> PathBuf {
        let repository = dir.join("source");
        std::fs::create_dir_all(&repository).unwrap();
        run(&repository, &["init", "--quiet"]);
        std::fs::write(repository.join("a.md"), text).unwrap();
        run(&repository, &["add", "a.md"]);
        run(&repository, &["commit", "--quiet", "-m", text]);
        let bundle = dir.join("corpus.bundle");
        run(&repository, &["bundle", "create", bundle.to_str().unwrap(), "--all"]);
        bundle
    }

    #[test]
    fn a_checkout_is_reused_while_the_bundle_is_the_same_and_renewed_when_it_changes() {
        let scratch = tempfile::tempdir().unwrap();
        let bundle = bundle(scratch.path(), "first");
        let cache = scratch.path().join("target/precision/corpus");
        checkout(&bundle, &cache).unwrap();
        assert_eq!(std::fs::read_to_string(cache.join("a.md")).unwrap(), "first");
        // A file left in the checkout by hand shows whether the next run clones again.
        std::fs::write(cache.join(".git/kept"), "").unwrap();
        checkout(&bundle, &cache).unwrap();
        assert!(cache.join(".git/kept").exists(), "the same head reuses the checkout");

        std::fs::write(scratch.path().join("source/a.md"), "second").unwrap();
        run(&scratch.path().join("source"), &["commit", "--quiet", "-am", "second"]);
        std::fs::remove_file(&bundle).unwrap();
        let bundle = scratch.path().join("corpus.bundle");
        run(&scratch.path().join("source"), &["bundle", "create", bundle.to_str().unwrap(), "--all"]);
        checkout(&bundle, &cache).unwrap();
        assert_eq!(std::fs::read_to_string(cache.join("a.md")).unwrap(), "second");
        assert!(!cache.join(".git/kept").exists(), "a new head is a new clone");
    }

    #[test]
    fn an_edited_checkout_is_cloned_again() {
        let scratch = tempfile::tempdir().unwrap();
        let bundle = bundle(scratch.path(), "first");
        let cache = scratch.path().join("precision/corpus");
        checkout(&bundle, &cache).unwrap();
        std::fs::write(cache.join("a.md"), "edited").unwrap();
        checkout(&bundle, &cache).unwrap();
        assert_eq!(std::fs::read_to_string(cache.join("a.md")).unwrap(), "first");
    }

    #[test]
    fn packs_and_language_are_committed_and_taken_back_on_the_next_run() {
        let scratch = tempfile::tempdir().unwrap();
        let bundle = bundle(scratch.path(), "first");
        let cache = scratch.path().join("precision/corpus");
        let packs = scratch.path().join("packs");
        std::fs::create_dir_all(&packs).unwrap();
        std::fs::write(packs.join("house.toml"), "[pack]\nname = \"house\"\n").unwrap();
        checkout(&bundle, &cache).unwrap();
        overlay(&cache, Some(&packs), Some("fr")).unwrap();
        assert!(cache.join("lint-rules/house.toml").is_file());
        assert_eq!(std::fs::read_to_string(cache.join("relecture.toml")).unwrap(), "[language]\ndefault = \"fr\"\n");
        assert!(git(&cache, &["status", "--porcelain"]).unwrap().trim().is_empty(), "the overlay is committed");

        std::fs::write(cache.join(".git/kept"), "").unwrap();
        checkout(&bundle, &cache).unwrap();
        assert!(cache.join(".git/kept").exists(), "the checkout is reused");
        assert!(!cache.join("relecture.toml").exists(), "the overlay is taken back");
        overlay(&cache, Some(&packs), Some("fr")).unwrap();
        assert!(cache.join("relecture.toml").is_file());
    }

    #[test]
    fn a_file_that_is_no_bundle_is_a_clear_error() {
        let scratch = tempfile::tempdir().unwrap();
        let fake = scratch.path().join("fake.bundle");
        std::fs::write(&fake, "not a bundle").unwrap();
        let error = format!("{:#}", checkout(&fake, &scratch.path().join("cache")).unwrap_err());
        assert!(error.contains("fake.bundle is not a git bundle"), "{error}");
    }
}
