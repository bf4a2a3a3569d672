use mpconfig::{Bootstrap, StartMethod};

#[derive(Bootstrap)]
#[mpconfig(start_method, rename = "x")]
struct App {
    #[mpconfig(start_method)]
    method: StartMethod,
}

fn main() {}
