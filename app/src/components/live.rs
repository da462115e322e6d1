//! The phone's end of the live channel (what the events mean: `crate::live`).
//!
//! The signed-in frame ([`provide_live`] in `shell.rs`) opens one `EventSource` per page load,
//! with the session cookie, once the page has hydrated. A page asks for a [`live_version`] of
//! what it shows and puts it in its resources' keys: when an event for it is heard, the resource
//! fetches again through its own server function. After a dropped connection the channel comes
//! back by itself, after 1 s, 2 s, 4 s … at most a minute, and at once when the phone is back
//! online; the server's `hello` on a *re*connection makes every page fetch again, since events
//! may have been missed. When the server says the session is over (`ended`) it stays closed —
//! unless this page itself has just replaced the session (a new password): then [`renew_live`]
//! opens it again with the new one.
use crate::live::LiveEvent;
use leptos::prelude::*;

/// What the channel heard last: a running count, and the event (`None`: fetch everything).
#[derive(Clone, Copy)]
struct Heard(RwSignal<(u64, Option<LiveEvent>)>);

/// Opens the live channel for the pages inside the signed-in frame.
pub fn provide_live() {
    let heard = Heard(RwSignal::new((0, None)));
    provide_context(heard);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| client::connect(heard));
}

/// Opens the channel afresh with the session the page now has. For a page that has just replaced
/// its own session (a new password ends every session begun before it, this one's old id too, so
/// the server ends the channel opened with it). Does nothing on the server or before the channel
/// has opened.
pub fn renew_live() {
    #[cfg(feature = "hydrate")]
    client::renew();
}

/// A number that changes whenever the channel hears an event `wanted` by this page, or may have
/// missed one. Constant on the server and before the channel opens.
pub fn live_version(wanted: impl Fn(&LiveEvent) -> bool + Send + Sync + 'static) -> Signal<u32> {
    let Some(Heard(heard)) = use_context::<Heard>() else { return Signal::stored(0) };
    let version = RwSignal::new(0u32);
    Effect::watch(
        move || heard.get(),
        move |(_, event), _, _| {
            if event.as_ref().is_none_or(&wanted) {
                version.update(|v| *v += 1);
            }
        },
        false,
    );
    version.into()
}

#[cfg(feature = "hydrate")]
mod client {
    use super::Heard;
    use crate::live::{LiveEvent, PATH, control};
    use leptos::prelude::*;
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::Closure;

    const FIRST_DELAY_MS: i32 = 1_000;
    const LONGEST_DELAY_MS: i32 = 60_000;

    #[derive(Default)]
    struct Channel {
        source: Option<web_sys::EventSource>,
        delay_ms: i32,
        greeted: bool,
        ended: bool,
        retry_pending: bool,
        /// The current source's listeners, kept alive as long as it is.
        listeners: Vec<Closure<dyn FnMut(web_sys::Event)>>,
    }

    type Shared = Rc<RefCell<Channel>>;

    thread_local! {
        /// This page load's one channel, for [`renew`].
        static OPENED: RefCell<Option<(Shared, Heard)>> = const { RefCell::new(None) };
    }

    pub fn connect(heard: Heard) {
        let channel: Shared = Rc::new(RefCell::new(Channel { delay_ms: FIRST_DELAY_MS, ..Default::default() }));
        OPENED.with(|opened| *opened.borrow_mut() = Some((channel.clone(), heard)));
        open(&channel, heard);
        // Back online: try now rather than at the end of the current pause.
        let again = channel.clone();
        let online = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            again.borrow_mut().delay_ms = FIRST_DELAY_MS;
            reopen_if_closed(&again, heard);
        });
        if let Some(window) = web_sys::window() {
            let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        }
        online.forget(); // lives as long as the page
    }

    /// Closes the channel (ended or not) and opens it again at once.
    pub fn renew() {
        let Some((channel, heard)) = OPENED.with(|opened| opened.borrow().clone()) else { return };
        {
            let mut c = channel.borrow_mut();
            if let Some(source) = c.source.take() {
                source.close();
            }
            c.ended = false;
            c.delay_ms = FIRST_DELAY_MS;
        }
        open(&channel, heard);
    }

    /// Opens the channel again, unless it is open or the session is over.
    fn reopen_if_closed(channel: &Shared, heard: Heard) {
        let closed = {
            let c = channel.borrow();
            c.source.is_none() && !c.ended
        };
        if closed {
            open(channel, heard);
        }
    }

    fn tell(heard: Heard, event: Option<LiveEvent>) {
        heard.0.update(|(count, last)| {
            *count += 1;
            *last = event;
        });
    }

    fn open(channel: &Shared, heard: Heard) {
        let Ok(source) = web_sys::EventSource::new(PATH) else { return };
        let mut listeners = Vec::new();
        let mut on = |name: &str, f: Box<dyn FnMut(web_sys::Event)>| {
            let closure = Closure::wrap(f);
            let _ = source.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
            listeners.push(closure);
        };
        let ch = channel.clone();
        on(
            control::HELLO,
            Box::new(move |_| {
                let mut c = ch.borrow_mut();
                c.delay_ms = FIRST_DELAY_MS;
                let again = std::mem::replace(&mut c.greeted, true);
                drop(c);
                if again {
                    tell(heard, None);
                }
            }),
        );
        on(
            "message",
            Box::new(move |e| {
                let data = e.dyn_ref::<web_sys::MessageEvent>().and_then(|m| m.data().as_string());
                // Read as bytes, as every other answer the main wasm reads (components/resource.rs).
                if let Some(event) = data.and_then(|d| serde_json::from_slice::<LiveEvent>(d.as_bytes()).ok()) {
                    tell(heard, Some(event));
                }
            }),
        );
        on(control::RESYNC, Box::new(move |_| tell(heard, None)));
        let ch = channel.clone();
        on(
            control::ENDED,
            Box::new(move |_| {
                let mut c = ch.borrow_mut();
                c.ended = true;
                if let Some(source) = c.source.take() {
                    source.close();
                }
                drop(c);
                // The pages' own fetches now find the session over and say so.
                tell(heard, None);
            }),
        );
        let ch = channel.clone();
        on(
            "error",
            Box::new(move |_| {
                // The browser would retry at its own fixed pace; this one backs off instead.
                let delay = {
                    let mut c = ch.borrow_mut();
                    if let Some(source) = c.source.take() {
                        source.close();
                    }
                    if c.ended || c.retry_pending {
                        return;
                    }
                    c.retry_pending = true;
                    let delay = c.delay_ms;
                    c.delay_ms = (delay * 2).min(LONGEST_DELAY_MS);
                    delay
                };
                let ch = ch.clone();
                let retry = Closure::once_into_js(move || {
                    ch.borrow_mut().retry_pending = false;
                    reopen_if_closed(&ch, heard);
                });
                if let Some(window) = web_sys::window() {
                    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(retry.unchecked_ref(), delay);
                }
            }),
        );
        let mut c = channel.borrow_mut();
        c.source = Some(source);
        c.listeners = listeners;
    }
}

/// Runs `flush` whenever the browser says the connection is back (for the page's lifetime).
pub fn on_online(flush: impl Fn() + Copy + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        use wasm_bindgen::closure::Closure;
        if let Some(window) = web_sys::window() {
            let online = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| flush());
            let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
            online.forget();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = flush;
}
