//! Paging through list operations as a stream of pages or of items.

use std::future::Future;
use std::pin::Pin;

use futures_core::Stream;

use super::error::SdkError;
use super::spec::PageStyle;

type PageFuture<O, E> = Pin<Box<dyn Future<Output = Result<O, SdkError<E>>> + Send>>;
type Fetch<O, E> = Box<dyn FnMut(i64, i64) -> PageFuture<O, E> + Send>;

/// Walks a list operation page by page. Made by a request builder's `into_paginator()`.
///
/// It stops at the first empty or short page, or once the total the service reports has
/// been reached, whichever comes first. Only one page is held in memory at a time.
pub struct Paginator<O, I, E> {
    style: PageStyle,
    first: i64,
    page_size: i64,
    fetch: Fetch<O, E>,
    measure: fn(&O) -> (usize, Option<i64>),
    take_items: fn(O) -> Vec<I>,
}

impl<O: Send + 'static, I: Send + 'static, E: Send + 'static> Paginator<O, I, E> {
    #[doc(hidden)]
    pub fn new(
        (style, first): (PageStyle, i64),
        page_size: i64,
        fetch: impl FnMut(i64, i64) -> PageFuture<O, E> + Send + 'static,
        measure: fn(&O) -> (usize, Option<i64>),
        take_items: fn(O) -> Vec<I>,
    ) -> Self {
        Paginator {
            style,
            first,
            page_size: page_size.max(1),
            fetch: Box::new(fetch),
            measure,
            take_items,
        }
    }

    /// Each page's full response, in order.
    pub fn pages(self) -> impl Stream<Item = Result<O, SdkError<E>>> + Send {
        struct State<O, E> {
            fetch: Fetch<O, E>,
            offset: i64,
            seen: i64,
            done: bool,
        }
        let Paginator {
            style,
            first,
            page_size,
            fetch,
            measure,
            ..
        } = self;
        let state = State {
            fetch,
            offset: first,
            seen: 0,
            done: false,
        };
        futures_util::stream::unfold(state, move |mut st| async move {
            if st.done {
                return None;
            }
            let result = (st.fetch)(st.offset, page_size).await;
            match result {
                Err(e) => {
                    st.done = true;
                    Some((Err(e), st))
                }
                Ok(page) => {
                    let (count, total) = measure(&page);
                    let count = i64::try_from(count).unwrap_or(i64::MAX);
                    st.seen = st.seen.saturating_add(count);
                    st.done =
                        count == 0 || count < page_size || total.is_some_and(|t| st.seen >= t);
                    st.offset = match style {
                        PageStyle::Offset => st.offset.saturating_add(count),
                        PageStyle::Page => st.offset.saturating_add(1),
                    };
                    Some((Ok(page), st))
                }
            }
        })
    }

    /// Every item of every page, in order.
    pub fn items(self) -> impl Stream<Item = Result<I, SdkError<E>>> + Send {
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
