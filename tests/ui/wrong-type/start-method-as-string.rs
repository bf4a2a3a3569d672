use mpconfig::Bootstrap;

#[derive(Bootstrap)]
struct App {
    #[mpconfig(start_method)]
    method: String,
    #[mpconfig(sys_frozen)]
    frozen: Option<u8>,
}

fn main() {}
