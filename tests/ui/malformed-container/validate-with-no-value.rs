use mpconfig::{Bootstrap, StartMethod};

#[derive(Bootstrap)]
#[mpconfig(validate_with)]
struct App {
    #[mpconfig(start_method)]
    method: StartMethod,
}

fn main() {}
