//! A headless chromium for the tests, driven through chromedriver (WebDriver, with
//! `fantoccini`): a chromedriver child on a free port, a session whose downloads go to
//! a temporary folder, and helpers to open a page from disk, run script and wait for a
//! download. Absent chromedriver or chromium, [`with_browser`] skips with a message.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, ensure};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// chromedriver and chromium, when both are installed.
pub fn tools() -> Option<(PathBuf, PathBuf)> {
    let find = |names: &[&str]| -> Option<PathBuf> {
        let path = std::env::var_os("PATH").unwrap_or_default();
        names.iter().find_map(|n| {
            std::env::split_paths(&path)
                .map(|d| d.join(n))
                .find(|p| p.is_file())
        })
    };
    let driver = find(&["chromedriver"]);
    let browser = find(&["chromium", "chromium-browser"]);
    match (driver, browser) {
        (Some(d), Some(b)) => Some((d, b)),
        _ => {
            eprintln!(
                "skipped: the review page tests need chromedriver and chromium \
                 (Debian: apt-get install chromium chromium-driver fonts-noto-cjk)"
            );
            None
        }
    }
}

/// A chromedriver child process and a headless chromium session it drives.
pub struct Browser {
    driver: Child,
    pub client: Client,
    downloads: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    async fn start(driver: &Path, chromium: &Path) -> anyhow::Result<Browser> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let driver = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting chromedriver")?;
        let downloads = tempfile::tempdir()?;
        let mut browser_guard = DriverGuard(Some(driver));
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            ensure!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not listen"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let caps = json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=ja"],
                "prefs": {
                    "download.default_directory": downloads.path(),
                    "download.prompt_for_download": false,
                    "download.directory_upgrade": true
                }
            }
        });
        let Value::Object(caps) = caps else {
            unreachable!()
        };
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .context("starting a chromium session")?;
        Ok(Browser {
            driver: browser_guard.0.take().expect("the driver"),
            client,
            downloads,
        })
    }

    /// Opens a page from disk and waits for its script to have run.
    pub async fn open(&self, page: &Path) -> anyhow::Result<()> {
        self.client
            .goto(&format!("file://{}", page.display()))
            .await?;
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css("body[data-ready]"))
            .await?;
        Ok(())
    }

    pub async fn js(&self, script: &str, args: Vec<Value>) -> anyhow::Result<Value> {
        Ok(self.client.execute(script, args).await?)
    }

    /// Waits for a finished download named `name`.
    pub async fn downloaded(&self, name: &str) -> anyhow::Result<Vec<u8>> {
        let path = self.downloads.path().join(name);
        let started = Instant::now();
        loop {
            let partial = std::fs::read_dir(self.downloads.path())?
                .flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".crdownload"));
            if path.is_file() && !partial {
                let bytes = std::fs::read(&path)?;
                std::fs::remove_file(&path)?;
                return Ok(bytes);
            }
            ensure!(
                started.elapsed() < Duration::from_secs(20),
                "no download {name}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// Kills chromedriver if the session could not be started.
struct DriverGuard(Option<Child>);

impl Drop for DriverGuard {
    fn drop(&mut self) {
        if let Some(c) = self.0.as_mut() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Runs `body` with a fresh browser, closes the session, then fails with its error.
pub fn with_browser<F>(body: F)
where
    F: for<'a> AsyncFnOnce(&'a Browser) -> anyhow::Result<()>,
{
    let Some((driver, chromium)) = tools() else {
        return;
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let browser = Browser::start(&driver, &chromium).await.unwrap();
        let result = body(&browser).await;
        let _ = browser.client.clone().close().await;
        drop(browser);
        result.unwrap();
    });
}

// ------------------------------------------------------------------ helpers
