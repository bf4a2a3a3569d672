use mpconfig::{Bootstrap, StartMethod};

#[derive(Bootstrap)]
#[mpconfig(dispatcher = "pyoxidizer")]
struct App {
    #[mpconfig(start_method)]
    method: StartMethod,
}

#[derive(Bootstrap)]
#[mpconfig(dispatcher)]
struct NoValue {
    #[mpconfig(start_method)]
    method: StartMethod,
}

fn main() {}
