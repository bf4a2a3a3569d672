use mpconfig::{Bootstrap, StartMethod};

#[derive(Bootstrap)]
struct App(StartMethod);

fn main() {}
