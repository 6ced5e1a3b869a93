//! Sites: the service is offered by more than one site (endpoint family), and a client is
//! typed by its site, so an operation the site does not offer is not a method of it.

use super::spec::SiteSpec;

/// A site of the service: the type parameter of [`Client`](crate::Client) and
/// [`Config`](crate::Config). Implemented by the generated marker types, one per site of
/// the spec, each under the Cargo feature of its id; sealed.
pub trait Site:
    sealed::Sealed + Copy + Default + std::fmt::Debug + Send + Sync + Unpin + 'static
{
    /// The site's facts.
    #[doc(hidden)]
    const SPEC: &'static SiteSpec;
}

pub(crate) mod sealed {
    /// Only the generated marker types are sites.
    pub trait Sealed {}
}
