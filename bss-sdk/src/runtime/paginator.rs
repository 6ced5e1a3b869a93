//! Paging through list operations as a stream of pages or of items.

use std::collections::HashSet;
use std::hash::Hasher;

use futures_core::Stream;

use super::error::SdkError;
use super::spec::{PageStyle, PaginationSpec};

type PageFuture<O, E> = crate::Sent<O, E>;
type Fetch<O, E> = Box<dyn FnMut(Cursor, i64) -> PageFuture<O, E> + Send>;

/// The paginator's progress between pages.
struct State<O, E> {
    fetch: Fetch<O, E>,
    cursor: Cursor,
    /// Items received so far.
    seen: i64,
    /// Pages received so far.
    pages: u64,
    /// Every marker already requested (marker style).
    markers: HashSet<String>,
    /// Fingerprint of the previous page (offset and page styles).
    last_page: Option<u64>,
    /// Why the next poll ends the stream, once the current page has been delivered.
    stalled: Option<String>,
    done: bool,
}

/// A hash of a page's content, to notice a service that answers every offset alike. It
/// hashes the page's `Debug` text as it is written (no copy), which every model has and
/// which shows every field, so response models need no `Serialize` for it.
fn fingerprint<O: std::fmt::Debug>(page: &O) -> Option<u64> {
    struct Hashing(std::collections::hash_map::DefaultHasher);
    impl std::fmt::Write for Hashing {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.write(s.as_bytes());
            Ok(())
        }
    }
    let mut w = Hashing(std::collections::hash_map::DefaultHasher::new());
    std::fmt::Write::write_fmt(&mut w, format_args!("{page:?}")).ok()?;
    Some(w.0.finish())
}

/// Where the next page starts: a record offset or page number, or the marker the
/// previous page returned (`None` for the first page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cursor {
    /// A record offset or page number.
    Offset(i64),
    /// A marker from the previous page.
    Marker(Option<String>),
}

impl Cursor {
    /// The offset (0 for a marker cursor).
    pub fn offset(&self) -> i64 {
        match self {
            Cursor::Offset(o) => *o,
            Cursor::Marker(_) => 0,
        }
    }

    /// The marker (`None` for an offset cursor or the first page).
    pub fn into_marker(self) -> Option<String> {
        match self {
            Cursor::Marker(m) => m,
            Cursor::Offset(_) => None,
        }
    }
}

/// What the paginator needs to know about a page to find the next one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageInfo {
    /// Items on this page.
    pub count: usize,
    /// The total the service reports, if it does.
    pub total: Option<i64>,
    /// The marker of the next page, if any (marker style).
    pub next_marker: Option<String>,
}

/// Walks a list operation page by page. Made by a request builder's `into_paginator()`.
///
/// Offset and page styles stop at the first empty or short page, or once the total the
/// service reports has been reached; marker style stops when no next marker comes back.
/// Only one page is held in memory at a time.
pub struct Paginator<O, I, E> {
    style: PageStyle,
    first: i64,
    page_size: i64,
    fetch: Fetch<O, E>,
    measure: fn(&O) -> PageInfo,
    take_items: fn(O) -> Vec<I>,
}

impl<O: Send + 'static, I: Send + 'static, E: Send + 'static> Paginator<O, I, E> {
    /// A paginator for the operation paging as `spec` says. `page_size` is the limit the
    /// request set (the spec's default if none); `fetch` sends the request for one page.
    pub(crate) fn new(
        spec: &'static PaginationSpec,
        page_size: Option<i64>,
        fetch: impl FnMut(Cursor, i64) -> PageFuture<O, E> + Send + 'static,
        measure: fn(&O) -> PageInfo,
        take_items: fn(O) -> Vec<I>,
    ) -> Self {
        Paginator {
            style: spec.style,
            first: spec.first,
            page_size: page_size.unwrap_or(i64::from(spec.default_limit)).max(1),
            fetch: Box::new(fetch),
            measure,
            take_items,
        }
    }

    /// Each page's full response, in order.
    ///
    /// A service that makes no progress ends the stream with [`SdkError::NoProgress`]
    /// instead of paging forever: a marker that comes back again, a page identical to the
    /// one before (the offset was ignored), or an empty page before the reported total.
    pub fn pages(self) -> impl Stream<Item = Result<O, SdkError<E>>> + Send
    where
        O: std::fmt::Debug,
    {
        let Paginator {
            style,
            first,
            page_size,
            fetch,
            measure,
            ..
        } = self;
        let cursor = match style {
            PageStyle::Marker => Cursor::Marker(None),
            _ => Cursor::Offset(first),
        };
        let state = State {
            fetch,
            cursor,
            seen: 0,
            pages: 0,
            markers: HashSet::new(),
            last_page: None,
            stalled: None,
            done: false,
        };
        futures_util::stream::unfold(state, move |mut st| async move {
            if let Some(reason) = st.stalled.take() {
                st.done = true;
                return Some((
                    Err(SdkError::NoProgress {
                        pages: st.pages,
                        reason,
                    }),
                    st,
                ));
            }
            if st.done {
                return None;
            }
            let result = (st.fetch)(st.cursor.clone(), page_size).await;
            let page = match result {
                Err(e) => {
                    st.done = true;
                    return Some((Err(e), st));
                }
                Ok(page) => page,
            };
            st.pages += 1;
            let info = measure(&page);
            let count = i64::try_from(info.count).unwrap_or(i64::MAX);
            st.seen = st.seen.saturating_add(count);
            match style {
                PageStyle::Marker => {
                    let next = info.next_marker.filter(|m| !m.is_empty());
                    if let Cursor::Marker(Some(m)) = &st.cursor {
                        st.markers.insert(m.clone());
                    }
                    st.done = count == 0 || next.is_none();
                    if let Some(m) = next.as_ref().filter(|m| st.markers.contains(*m)) {
                        // This page is new, so it is delivered; the next would repeat.
                        st.stalled = Some(format!("the service returned marker `{m}` again"));
                    }
                    st.cursor = Cursor::Marker(next);
                }
                PageStyle::Offset | PageStyle::Page => {
                    let at = st.cursor.offset();
                    if count == 0 {
                        st.done = true;
                        if let Some(total) = info.total.filter(|t| st.seen < *t) {
                            let reason = format!(
                                "an empty page at {at} before the reported total of {total} ({} seen)",
                                st.seen
                            );
                            return Some((
                                Err(SdkError::NoProgress {
                                    pages: st.pages,
                                    reason,
                                }),
                                st,
                            ));
                        }
                        return Some((Ok(page), st));
                    }
                    let print = fingerprint(&page);
                    if print.is_some() && print == st.last_page {
                        st.done = true;
                        let reason = format!(
                            "the page at {at} repeats the previous page: the service ignores the {}",
                            if style == PageStyle::Page { "page number" } else { "offset" }
                        );
                        return Some((
                            Err(SdkError::NoProgress {
                                pages: st.pages,
                                reason,
                            }),
                            st,
                        ));
                    }
                    st.last_page = print;
                    st.done = count < page_size || info.total.is_some_and(|t| st.seen >= t);
                    let step = if style == PageStyle::Page { 1 } else { count };
                    st.cursor = Cursor::Offset(at.saturating_add(step));
                }
            }
            Some((Ok(page), st))
        })
    }

    /// Every item of every page, in order.
    pub fn items(self) -> impl Stream<Item = Result<I, SdkError<E>>> + Send
    where
        O: std::fmt::Debug,
    {
        use futures_util::StreamExt;
        let take = self.take_items;
        self.pages().flat_map(move |page| {
            let items: Vec<Result<I, SdkError<E>>> = match page {
                Ok(p) => take(p).into_iter().map(Ok).collect(),
                Err(e) => vec![Err(e)],
            };
            futures_util::stream::iter(items)
        })
    }
}

impl<O, I, E> std::fmt::Debug for Paginator<O, I, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginator")
            .field("style", &self.style)
            .field("first", &self.first)
            .field("page_size", &self.page_size)
            .finish()
    }
}
