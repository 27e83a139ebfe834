//! `Sender`: messages from several threads arrive whole, numbered 1, 2, 3...
//! in wire order.

use std::sync::Arc;

use dap::framing::{read_json, ReadError};
use dap::types::OutputEventBody;
use dap::{Event, Request, Response, Sender};
use serde_json::Value;

#[test]
fn concurrent_sends_are_numbered_in_wire_order() {
    let sender = Arc::new(Sender::new(Vec::new()));
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let sender = Arc::clone(&sender);
            std::thread::spawn(move || {
                for i in 0..50 {
                    let body = OutputEventBody {
                        output: format!("thread {t} line {i}\n"),
                        ..OutputEventBody::default()
                    };
                    sender.send(Event::of(&body)).expect("send");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("thread");
    }
    let req = Request::new(9, "next", Value::Null);
    let seq = sender.send(Response::ok(&req, ())).expect("send");
    assert_eq!(seq, 201);

    let Ok(sender) = Arc::try_unwrap(sender) else {
        panic!("sender still shared");
    };
    let mut reader = std::io::Cursor::new(sender.into_inner());
    let mut expected = 1;
    loop {
        match read_json(&mut reader) {
            Ok(message) => {
                assert_eq!(message["seq"], expected);
                dap::schema::assert_valid(&message);
                expected += 1;
            }
            Err(ReadError::Closed) => break,
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(expected, 202);
}
