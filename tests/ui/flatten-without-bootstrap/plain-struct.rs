use mpconfig::Bootstrap;

struct Settings {
    workers: u32,
}

#[derive(Bootstrap)]
struct App {
    #[mpconfig(flatten)]
    settings: Settings,
}

fn main() {}
