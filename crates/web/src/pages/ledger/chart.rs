//! The balance over time, drawn from the statement lines shown (SVG), with the same figures as
//! a table for screen readers and for anyone who prefers numbers.

use crate::components::paged::Paged;
use crate::format;
use crate::i18n::{k, tr, use_i18n};
use leptos::prelude::*;
use seed_domain::Ts;
use seed_domain::timebank::StatementLine;

const WIDTH: i64 = 600;
const HEIGHT: i64 = 160;
const PAD: i64 = 8;

/// One point of the chart: when (`None` for the balance before the oldest line) and how much.
#[derive(Debug, Clone, PartialEq)]
struct Point {
    at: Option<String>,
    balance: Ts,
}

/// The balances, oldest first, starting with the balance before the oldest line shown.
fn points(lines: &[StatementLine]) -> Vec<Point> {
    let mut points = Vec::with_capacity(lines.len() + 1);
    if let Some(oldest) = lines.last()
        && let Ok(before) = oldest.balance_after.checked_sub(oldest.amount)
    {
        points.push(Point { at: None, balance: before });
    }
    points.extend(lines.iter().rev().map(|l| Point { at: Some(l.at.clone()), balance: l.balance_after }));
    points
}

/// The range drawn: always including zero, never empty.
fn range(points: &[Point]) -> (i64, i64) {
    let low = points.iter().map(|p| p.balance.hundredths()).min().unwrap_or(0).min(0);
    let high = points.iter().map(|p| p.balance.hundredths()).max().unwrap_or(0).max(0);
    if high == low { (low, low + 100) } else { (low, high) }
}

fn y_of(value: i64, (low, high): (i64, i64)) -> i64 {
    // Integer arithmetic on hundredths, widened so nothing overflows.
    let span = i128::from(high - low);
    let offset = i128::from(high - value) * i128::from(HEIGHT - 2 * PAD) / span;
    PAD + i64::try_from(offset).unwrap_or(0)
}

fn x_of(index: usize, count: usize) -> i64 {
    let last = i64::try_from(count.saturating_sub(1)).unwrap_or(1).max(1);
    let index = i64::try_from(index).unwrap_or(0);
    PAD + index * (WIDTH - 2 * PAD) / last
}

/// The chart of the lines loaded in `paged`; nothing while there is no line.
#[component]
pub fn BalanceChart(paged: Paged<StatementLine>, own: bool) -> impl IntoView {
    let i18n = use_i18n();
    let data = Memo::new(move |_| paged.items.with(|lines| points(lines)));
    let title = if own { k::CHART_TITLE_OWN } else { k::CHART_TITLE_STAFF };
    move || {
        let points = data.get();
        if points.len() < 2 {
            return None;
        }
        let bounds = range(&points);
        let polyline = points
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{},{}", x_of(i, points.len()), y_of(p.balance.hundredths(), bounds)))
            .collect::<Vec<_>>()
            .join(" ");
        let zero = y_of(0, bounds).to_string();
        let lowest = Ts::from_hundredths(points.iter().map(|p| p.balance.hundredths()).min().unwrap_or(0));
        let highest = Ts::from_hundredths(points.iter().map(|p| p.balance.hundredths()).max().unwrap_or(0));
        let first = points.first().map(|p| p.balance).unwrap_or_default();
        let last = points.last().map(|p| p.balance).unwrap_or_default();
        let count = points.len() - 1;
        let description = move || {
            let lang = i18n.lang();
            i18n.tf(
                k::CHART_DESCRIPTION,
                &[
                    ("first", &first.format(lang)),
                    ("last", &last.format(lang)),
                    ("count", &count.to_string()),
                    ("lowest", &lowest.format(lang)),
                    ("highest", &highest.format(lang)),
                ],
            )
        };
        let rows = points
            .into_iter()
            .rev()
            .map(|p| {
                let balance = p.balance;
                let when = p.at.clone();
                let when = move || match &when {
                    Some(at) => format::datetime(at, i18n.lang()),
                    None => i18n.t(k::CHART_BEFORE).to_owned(),
                };
                view! {
                    <tr>
                        <td>{when}</td>
                        <td class="amount">{move || balance.format(i18n.lang())}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <section class="chart" aria-labelledby="chart-title">
                <h2 id="chart-title">{tr(title)}</h2>
                <svg
                    class="balance-chart"
                    viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                    preserveAspectRatio="none"
                    role="img"
                    aria-labelledby="chart-title chart-description"
                    focusable="false"
                >
                    <line
                        class="zero"
                        x1="0"
                        x2=WIDTH.to_string()
                        y1=zero.clone()
                        y2=zero
                        vector-effect="non-scaling-stroke"
                    ></line>
                    <polyline class="line" points=polyline vector-effect="non-scaling-stroke"></polyline>
                </svg>
                <p id="chart-description">
                    <small>{description}</small>
                </p>
                <details>
                    <summary>{tr(k::CHART_TABLE_SUMMARY)}</summary>
                    <table class="chart-data">
                        <caption class="visually-hidden">{tr(title)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{tr(k::CHART_COL_AT)}</th>
                                <th scope="col">{tr(k::CHART_COL_BALANCE)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </details>
            </section>
        })
    }
}
