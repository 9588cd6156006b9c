//! Self-contained HTML pages: one file with its style, its charts as inline SVG and a few lines
//! of inline script to sort tables, that asks nothing of the network (its content security
//! policy forbids it).

use std::fmt::Write as _;

/// Text and quoted attributes of the pages: the characters HTML gives a meaning escaped,
/// controls a repository's text may hold shown, not obeyed.
pub(crate) use crate::escape::markup as escape;

const STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24}\
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}\
table{border-collapse:collapse;width:100%;font-size:14px}th,td{padding:.3rem .5rem;border-bottom:1px solid #d8dee4;text-align:left;vertical-align:top}\
th{cursor:pointer;user-select:none;background:#f6f8fa;position:sticky;top:0}th[aria-sort=ascending]::after{content:' \\25B2'}th[aria-sort=descending]::after{content:' \\25BC'}\
td.n,th.n{text-align:right}code{font-size:13px}.legend span{display:inline-block;margin-right:1rem}.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-1px}\
details summary{cursor:pointer}svg text{font:12px system-ui,sans-serif;fill:#1b1f24}.muted{color:#59636e}";

/// Sorts a table by the column whose heading is clicked: by `data-v` when cells carry one
/// (numbers), else by text; a second click reverses. The body's `data-sortable-tables` counts
/// the tables it made sortable.
const SORT: &str = "const ts=document.querySelectorAll('table.sortable');document.body.dataset.sortableTables=ts.length;\
for(const t of ts){const hs=t.querySelectorAll('th');\
hs.forEach((h,i)=>h.addEventListener('click',()=>{const d=h.getAttribute('aria-sort')==='ascending'?'descending':'ascending';\
hs.forEach(x=>x.removeAttribute('aria-sort'));h.setAttribute('aria-sort',d);const b=t.tBodies[0];\
const key=r=>{const c=r.cells[i];const v=c.getAttribute('data-v');return v===null?c.textContent.trim():Number(v)};\
const rows=Array.from(b.rows).sort((x,y)=>{const a=key(x),c=key(y);const o=typeof a==='number'&&typeof c==='number'?a-c:String(a).localeCompare(String(c));return d==='ascending'?o:-o});\
rows.forEach(r=>b.appendChild(r))}))}";

/// A whole page in `language` titled `title` around `body` (HTML already escaped).
pub(crate) fn page(title: &str, body: &str, language: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
<h1>{}</h1>\n{body}\n<script>{SORT}</script>\n</body>\n</html>\n",
        escape(language),
        escape(title),
        escape(title)
    )
}

/// One series of a chart: its name and colour.
pub(crate) struct Series<'a> {
    pub(crate) name: &'a str,
    pub(crate) colour: &'a str,
}

/// The legend of `series`.
pub(crate) fn legend(series: &[Series<'_>]) -> String {
    let mut out = String::from("<p class=\"legend\">");
    for s in series {
        let _ = write!(out, "<span><i style=\"background:{}\"></i>{}</span>", s.colour, escape(s.name));
    }
    out.push_str("</p>\n");
    out
}

/// Horizontal stacked bars, one per row: its label and a value per series, scaled to the
/// largest total. Each segment says its value when hovered.
pub(crate) fn horizontal_bars(rows: &[(String, Vec<usize>)], series: &[Series<'_>]) -> String {
    const LABEL: f64 = 70.0;
    const WIDTH: f64 = 760.0;
    const BAR: usize = 22;
    let max = rows.iter().map(|(_, values)| values.iter().sum::<usize>()).max().unwrap_or(0).max(1);
    let height = rows.len() * (BAR + 8) + 8;
    let mut out = format!(
        "<svg role=\"img\" aria-label=\"chart\" width=\"{0}\" height=\"{height}\" viewBox=\"0 0 {0} {height}\" xmlns=\"http://www.w3.org/2000/svg\">\n",
        LABEL + WIDTH + 80.0
    );
    for (at, (label, values)) in rows.iter().enumerate() {
        let y = 8 + at * (BAR + 8);
        let _ = writeln!(out, "<text x=\"0\" y=\"{}\">{}</text>", y + BAR / 2 + 4, escape(label));
        let mut x = LABEL;
        for (value, s) in values.iter().zip(series) {
            if *value == 0 {
                continue;
            }
            #[allow(clippy::cast_precision_loss, reason = "page counts are far below 2^52")]
            let width = *value as f64 * WIDTH / max as f64;
            let _ = writeln!(
                out,
                "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{width:.1}\" height=\"{BAR}\" fill=\"{}\"><title>{}: {} {value}</title></rect>",
                s.colour,
                escape(label),
                escape(s.name)
            );
            x += width;
        }
        let total: usize = values.iter().sum();
        let _ = writeln!(out, "<text x=\"{:.1}\" y=\"{}\">{total}</text>", x + 6.0, y + BAR / 2 + 4);
    }
    out.push_str("</svg>\n");
    out
}

/// Vertical bars stacked per series above the axis (`up`) and below it (`down`), one column
/// per entry, each with its hover text.
pub(crate) fn columns(entries: &[(String, Vec<usize>, Vec<usize>)], series: &[Series<'_>]) -> String {
    const WIDTH: f64 = 900.0;
    const HALF: f64 = 140.0;
    let up_max = entries.iter().map(|(_, up, _)| up.iter().sum::<usize>()).max().unwrap_or(0);
    let down_max = entries.iter().map(|(_, _, down)| down.iter().sum::<usize>()).max().unwrap_or(0);
    let scale = up_max.max(down_max).max(1);
    #[allow(clippy::cast_precision_loss, reason = "a history has far fewer than 2^52 commits")]
    let step = WIDTH / entries.len().max(1) as f64;
    let mut out = format!(
        "<svg role=\"img\" aria-label=\"chart\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" xmlns=\"http://www.w3.org/2000/svg\">\n",
        WIDTH + 60.0,
        HALF * 2.0 + 30.0,
        WIDTH + 60.0,
        HALF * 2.0 + 30.0
    );
    let axis = HALF + 10.0;
    #[allow(clippy::cast_precision_loss, reason = "finding counts are far below 2^52")]
    let extent = |n: usize| n as f64 * HALF / scale as f64;
    let _ = writeln!(
        out,
        "<text x=\"0\" y=\"{:.0}\">+{up_max}</text><text x=\"0\" y=\"{:.0}\">−{down_max}</text>",
        axis - extent(up_max) + 12.0,
        axis + extent(down_max)
    );
    let _ =
        writeln!(out, "<line x1=\"50\" x2=\"{:.0}\" y1=\"{axis}\" y2=\"{axis}\" stroke=\"#59636e\"/>", WIDTH + 50.0);
    for (at, (label, up, down)) in entries.iter().enumerate() {
        #[allow(clippy::cast_precision_loss, reason = "a history has far fewer than 2^52 commits")]
        let x = 50.0 + at as f64 * step;
        let width = (step * 0.85).max(0.5);
        for (values, sign) in [(up, -1.0), (down, 1.0)] {
            let mut offset = 0.0;
            for (value, s) in values.iter().zip(series) {
                if *value == 0 {
                    continue;
                }
                #[allow(clippy::cast_precision_loss, reason = "finding counts are far below 2^52")]
                let height = *value as f64 * HALF / scale as f64;
                let y = if sign < 0.0 { axis - offset - height } else { axis + offset };
                let what = if sign < 0.0 { "introduced" } else { "fixed" };
                let _ = writeln!(
                    out,
                    "<rect x=\"{x:.2}\" y=\"{y:.2}\" width=\"{width:.2}\" height=\"{height:.2}\" fill=\"{}\"><title>{}: {value} {} {what}</title></rect>",
                    s.colour,
                    escape(label),
                    escape(s.name)
                );
                offset += height;
            }
        }
    }
    out.push_str("</svg>\n");
    out
}

/// Colours for series, in order, distinct for readers with the common colour blindnesses.
pub(crate) const PALETTE: [&str; 8] =
    ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#999999"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_a_repository_cannot_open_markup() {
        assert_eq!(
            escape("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &apos;b&apos;&lt;/script&gt;"
        );
        assert_eq!(escape("a\u{1b}[31m"), "a\\u{1b}[31m");
    }

    #[test]
    fn a_page_forbids_the_network() {
        let page = page("T <1>", "<p>x</p>", "fr");
        assert!(page.contains("<html lang=\"fr\">"));
        assert!(page.contains("default-src 'none'"));
        assert!(page.contains("<title>T &lt;1&gt;</title>"));
        assert!(!page.contains("src="));
    }
}
